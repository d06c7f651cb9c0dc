import type { Lang } from '@rostrum/core';
import type { Layout } from './blocks.js';
import { layoutMinutes } from './layout.js';
import type { Minutes } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

export const MINUTES_FORMATS = ['md', 'html', 'docx', 'pdf', 'json'] as const;
export type MinutesFormat = (typeof MINUTES_FORMATS)[number];

/** One language, or both side by side. */
export const MINUTES_LANGS = ['en', 'ru', 'en+ru'] as const;
export type MinutesLang = (typeof MINUTES_LANGS)[number];

export function parseMinutesFormat(raw: unknown): MinutesFormat | null {
  return MINUTES_FORMATS.find((f) => f === raw) ?? null;
}

/**
 * `en`, `ru` or `en+ru`. In a query string an unencoded `+` arrives as a space, so `en ru`
 * is the same; `both` is an alias that needs no encoding.
 */
export function parseMinutesLang(raw: unknown): MinutesLang | null {
  if (typeof raw !== 'string') return null;
  const v = raw.trim().toLowerCase();
  if (v === 'en' || v === 'ru') return v;
  if (v === 'en+ru' || v === 'en ru' || v === 'both') return 'en+ru';
  return null;
}

export function languagesOf(lang: MinutesLang): Lang[] {
  return lang === 'en+ru' ? ['en', 'ru'] : [lang];
}

const CONTENT_TYPES: Record<MinutesFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

export type RenderedMinutes = { body: Uint8Array; contentType: string; filename: string };

const encoder = new TextEncoder();

/** Builds one file of the minutes. JSON is the whole model (both languages), whatever `lang`. */
export async function renderMinutes(
  minutes: Minutes,
  format: MinutesFormat,
  lang: MinutesLang,
): Promise<RenderedMinutes> {
  const layouts: Layout[] = format === 'json' ? [] : languagesOf(lang).map((l) => layoutMinutes(minutes, l));
  let body: Uint8Array;
  switch (format) {
    case 'md':
      body = encoder.encode(renderMarkdown(layouts));
      break;
    case 'html':
      body = encoder.encode(renderHtml(layouts));
      break;
    // The DOCX and PDF libraries are large: loaded on first use, not by every importer.
    case 'docx':
      body = await (await import('./render-docx.js')).renderDocx(layouts);
      break;
    case 'pdf':
      body = await (await import('./render-pdf.js')).renderPdf(layouts);
      break;
    case 'json':
      body = encoder.encode(`${JSON.stringify(minutes, null, 2)}\n`);
      break;
  }
  const suffix = format === 'json' ? '' : `-${lang.replace('+', '-')}`;
  const safeId = minutes.meeting.id.replace(/[^A-Za-z0-9_-]/g, '_');
  return { body, contentType: CONTENT_TYPES[format], filename: `minutes-${safeId}${suffix}.${format}` };
}
