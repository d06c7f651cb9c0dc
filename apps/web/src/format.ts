import type { Lang } from '@rostrum/core';

/** 0:07, 12:03, 1:05:07: a duration as a clock reads it. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Hours and minutes in a time zone (the meeting's, or the viewer's when omitted). */
export function formatTime(epochMs: number, lang: Lang, timeZone?: string): string {
  const key = `${lang}|${timeZone ?? ''}`;
  let fmt = timeFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
    timeFormats.set(key, fmt);
  }
  return fmt.format(epochMs);
}

export function formatDateTime(epochMs: number, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(epochMs);
}

/** "Brussels" from "Europe/Brussels". */
export function zoneCity(timeZone: string): string {
  return (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
