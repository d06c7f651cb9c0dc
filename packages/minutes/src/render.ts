import { isLang, type Lang } from '@rostrum/core';
import type { Layout } from './blocks.js';
import { layoutMinutes } from './layout.js';
import type { Minutes } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

export const MINUTES_FORMATS = ['md', 'html', 'docx', 'pdf', 'json'] as const;
export type MinutesFormat = (typeof MINUTES_FORMATS)[number];

/**
 * The language of a set of minutes, or two of the meeting's languages side by side (in that
 * order: the first column is the first language's).
 */
export type MinutesLang = readonly [Lang] | readonly [Lang, Lang];

export function parseMinutesFormat(raw: unknown): MinutesFormat | null {
  return MINUTES_FORMATS.find((f) => f === raw) ?? null;
}

/** `fr`, `fr+ar`: the form of the `lang` query, and of the file name (`fr-ar`). */
export function minutesLangKey(lang: MinutesLang): string {
  return lang.join('+');
}

export type ParsedMinutesLang = { ok: true; lang: MinutesLang } | { ok: false; message: string };

/**
 * The `lang` of a request for the minutes of a meeting held in `languages` (the original
 * first): absent, the original; `<l>`, one of the meeting's languages; `<l1>+<l2>`, two of them
 * side by side (an unencoded `+` arrives as a space, so `fr ar` is the same); `both`, the
 * meeting's first two (its only one, for a meeting in one language). Anything else, and a
 * language the meeting is not held in, is refused with a message that says what is accepted.
 */
export function parseMinutesLang(raw: unknown, languages: readonly Lang[]): ParsedMinutesLang {
  const [original, second] = languages;
  if (original === undefined) return { ok: false, message: 'the meeting has no language' };
  if (raw === undefined) return { ok: true, lang: [original] };
  const accepted = `lang is a language of this meeting (${languages.join(', ')}), two of them side by side (e.g. ${languages.slice(0, 2).join('%2B') || original}), or both`;
  if (typeof raw !== 'string') return { ok: false, message: accepted };
  const v = raw.trim().toLowerCase();
  if (v === 'both') return { ok: true, lang: second === undefined ? [original] : [original, second] };
  const parts = v.split(/[+ ]+/);
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) return { ok: false, message: accepted };
  const langs: Lang[] = [];
  for (const part of parts) {
    if (!isLang(part)) return { ok: false, message: `"${part}" is not a language; ${accepted}` };
    if (!languages.includes(part)) return { ok: false, message: `this meeting is not held in "${part}"; ${accepted}` };
    langs.push(part);
  }
  const [a, b] = langs;
  if (a === undefined) return { ok: false, message: accepted };
  if (b === undefined) return { ok: true, lang: [a] };
  if (a === b) return { ok: false, message: `two different languages side by side; ${accepted}` };
  return { ok: true, lang: [a, b] };
}

/**
 * The usual choices for a meeting: each of its languages alone, then the original beside each
 * of the others (what the benchmark and the tests go through).
 */
export function minutesLangChoices(languages: readonly Lang[]): MinutesLang[] {
  const [original, ...others] = languages;
  if (original === undefined) return [];
  return [...languages.map((l): MinutesLang => [l]), ...others.map((l): MinutesLang => [original, l])];
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

/** Builds one file of the minutes. JSON is the whole model (every language), whatever `lang`. */
export async function renderMinutes(
  minutes: Minutes,
  format: MinutesFormat,
  lang: MinutesLang,
): Promise<RenderedMinutes> {
  const layouts: Layout[] = format === 'json' ? [] : lang.map((l) => layoutMinutes(minutes, l));
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
  const suffix = format === 'json' ? '' : `-${lang.join('-')}`;
  const safeId = minutes.meeting.id.replace(/[^A-Za-z0-9_-]/g, '_');
  return { body, contentType: CONTENT_TYPES[format], filename: `minutes-${safeId}${suffix}.${format}` };
}
