import type { Lang } from '@rostrum/core';
import { LABELS } from './labels.js';

/** The `Intl` locale of each language; Arabic as `Intl` writes it ('ar': Western digits in current ICU, as the interface). */
export const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ru: 'ru-RU', ar: 'ar' };

/**
 * Dates, times, numbers and durations of one language, in the meeting's time zone. Built once
 * per rendering: Intl formatters are costly to create and cheap to reuse.
 */
export class Formatter {
  private readonly dateFmt: Intl.DateTimeFormat;
  private readonly timeFmt: Intl.DateTimeFormat;
  private readonly dateTimeFmt: Intl.DateTimeFormat;
  private readonly offsetFmt: Intl.DateTimeFormat;
  private readonly numberFmt: Intl.NumberFormat;
  private readonly percentFmt: Intl.NumberFormat;

  constructor(
    readonly lang: Lang,
    readonly timeZone: string,
  ) {
    const locale = LOCALES[lang];
    this.dateFmt = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
    });
    this.timeFmt = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    this.dateTimeFmt = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    this.offsetFmt = new Intl.DateTimeFormat(locale, { timeZoneName: 'longOffset', timeZone });
    this.numberFmt = new Intl.NumberFormat(locale);
    this.percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  }

  date(ms: number): string {
    return this.dateFmt.format(ms);
  }

  time(ms: number): string {
    return this.timeFmt.format(ms);
  }

  dateTime(ms: number): string {
    return this.dateTimeFmt.format(ms);
  }

  /** "10:00–12:30"; an open end shows as "10:00–…". */
  range(from: number, to: number | null): string {
    return `${this.time(from)}–${to === null ? '…' : this.time(to)}`;
  }

  /** "Europe/Brussels (GMT+02:00)" at a given moment (the offset changes with summer time). */
  zone(at: number): string {
    const offset = this.offsetFmt.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${this.timeZone} (${offset})` : this.timeZone;
  }

  number(n: number): string {
    return this.numberFmt.format(n);
  }

  percent(share: number): string {
    return this.percentFmt.format(share);
  }

  /** "1 h 05 min", "12 min", "45 s": rounded to the minute from one minute on. */
  duration(ms: number): string {
    const u = LABELS[this.lang].units;
    const totalSeconds = Math.round(Math.max(0, ms) / 1000);
    if (totalSeconds < 60) return `${this.number(totalSeconds)} ${u.s}`;
    const totalMinutes = Math.round(totalSeconds / 60);
    const h = Math.floor(totalMinutes / 60);
    const m = totalMinutes % 60;
    if (h === 0) return `${this.number(m)} ${u.min}`;
    return `${this.number(h)} ${u.h} ${String(m).padStart(2, '0')} ${u.min}`;
  }

  /** "+3 min", "−2 min", "0 min": a difference against the plan. */
  signedDuration(ms: number): string {
    const rounded = Math.round(ms / 60_000) * 60_000;
    if (rounded === 0) return `0 ${LABELS[this.lang].units.min}`;
    return `${rounded > 0 ? '+' : '−'}${this.duration(Math.abs(rounded))}`;
  }

  /** "2:05", "1:02:05": speaking time as a clock shows it. */
  clock(ms: number): string {
    const total = Math.round(Math.max(0, ms) / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const pad = (n: number) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  }
}
