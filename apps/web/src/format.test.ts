import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatTime,
  formatTimeSeconds,
  formatZoneName,
  localeFor,
} from './format.js';

/** 8 June 2021, 09:00 UTC: the WCO Europe Region meeting, 11:00 in Brussels (summer time). */
const AT = Date.parse('2021-06-08T09:00:00Z');
const BRUSSELS = 'Europe/Brussels';
const LANGS = ['en', 'fr', 'es', 'ru', 'ar'] as const;

/** ICU writes no-break and narrow no-break spaces and, in Arabic, bidi marks: compare the visible text. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f\u061c]/g, '');

describe('localeFor', () => {
  it.each([
    ['en', 'en-GB'],
    ['fr', 'fr-FR'],
    ['es', 'es-ES'],
    ['ru', 'ru-RU'],
    ['ar', 'ar'],
    ['fr-CA', 'fr-FR'],
    ['ar_EG', 'ar'],
    ['RU', 'ru-RU'],
    ['de', 'en-GB'],
    ['', 'en-GB'],
  ])('%s formats as %s', (lang, locale) => {
    expect(localeFor(lang)).toBe(locale);
  });
});

describe('times in the meeting’s time zone', () => {
  it.each([
    ['en', '11:00', '11:00:07', '8 June 2021 at 11:00'],
    ['fr', '11:00', '11:00:07', '8 juin 2021 à 11:00'],
    ['es', '11:00', '11:00:07', '8 de junio de 2021 a las 11:00'],
    ['ru', '11:00', '11:00:07', '8 июня 2021 г. в 11:00'],
    ['ar', '11:00 ص', '11:00:07 ص', '8 يونيو 2021 في 11:00 ص'],
  ])('%s: %s, %s, %s', (lang, time, seconds, dateTime) => {
    expect(plain(formatTime(AT, lang, BRUSSELS))).toBe(time);
    expect(plain(formatTimeSeconds(AT + 7_000, lang, BRUSSELS))).toBe(seconds);
    expect(plain(formatDateTime(AT, lang, BRUSSELS))).toBe(dateTime);
  });

  it('the same instant in another zone', () => {
    expect(formatTime(AT, 'ru', 'Asia/Baku')).toBe('13:00');
    expect(formatTime(AT, 'en', 'UTC')).toBe('09:00');
  });

  it('an unknown interface language formats as British English', () => {
    expect(formatDateTime(AT, 'de', BRUSSELS)).toBe(formatDateTime(AT, 'en', BRUSSELS));
  });
});

describe('time-zone names', () => {
  it.each([
    ['en', 'Central European Time'],
    ['fr', 'heure d’Europe centrale'],
    ['es', 'hora de Europa central'],
    ['ru', 'Центральная Европа'],
    ['ar', 'توقيت وسط أوروبا'],
  ])('%s: %s', (lang, name) => {
    expect(formatZoneName(BRUSSELS, lang, AT)).toBe(name);
  });

  it('never the English city of the IANA id; no Latin letters in Russian or Arabic', () => {
    for (const lang of ['fr', 'es', 'ru', 'ar']) {
      for (const zone of [BRUSSELS, 'Asia/Baku', 'Asia/Tashkent', 'Europe/Moscow', 'Asia/Dubai']) {
        const name = formatZoneName(zone, lang, AT);
        expect(name).not.toMatch(/Brussels|Baku|Tashkent|Moscow|Dubai/);
        if (lang === 'ru' || lang === 'ar') expect(name).not.toMatch(/[A-Za-z]/);
      }
    }
    expect(formatZoneName(BRUSSELS, 'en', AT)).not.toMatch(/Brussels/);
  });

  it('the same name in winter and summer', () => {
    const winter = Date.parse('2021-01-12T09:00:00Z');
    for (const lang of LANGS) expect(formatZoneName(BRUSSELS, lang, winter)).toBe(formatZoneName(BRUSSELS, lang, AT));
  });

  it('a zone without a generic name gets its specific name, not an offset', () => {
    expect(formatZoneName('UTC', 'en', AT)).toBe('Coordinated Universal Time');
    expect(formatZoneName('UTC', 'ru', AT)).toBe('Всемирное координированное время');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [-5_000, '0:00'],
    [999, '0:00'],
    [7_000, '0:07'],
    [12 * 60_000 + 3_000, '12:03'],
    [3_907_000, '1:05:07'],
    [15 * 60_000, '15:00'],
  ])('%i ms reads %s in every language', (ms, text) => {
    for (const lang of LANGS) expect(formatDuration(ms, lang)).toBe(text);
  });

  it('writes the digits the times beside it use', () => {
    const elevenHours = 11 * 3_600_000;
    for (const lang of LANGS) {
      const clock = formatTime(AT, lang, BRUSSELS).slice(0, 5); // "11:00" in the language's digits
      expect(formatDuration(elevenHours, lang)).toBe(`${clock}:${clock.slice(3, 5)}`);
      expect(formatDuration(7_000, lang)).toBe(
        `${formatNumber(0, lang)}:${formatNumber(0, lang)}${formatNumber(7, lang)}`,
      );
    }
  });
});

describe('numbers and shares', () => {
  it.each([
    ['en', '1,234,567.5', '53', '50%', '12.5%'],
    ['fr', '1 234 567,5', '53', '50 %', '12,5 %'],
    ['es', '1.234.567,5', '53', '50 %', '12,5 %'],
    ['ru', '1 234 567,5', '53', '50 %', '12,5 %'],
    ['ar', '1,234,567.5', '53', '50%', '12.5%'],
  ])('%s: %s, %s, %s, %s', (lang, big, small, half, eighth) => {
    expect(plain(formatNumber(1_234_567.5, lang))).toBe(big);
    expect(formatNumber(53, lang)).toBe(small);
    expect(plain(formatPercent(0.5, lang))).toBe(half);
    expect(plain(formatPercent(0.125, lang, 1))).toBe(eighth);
  });

  it('takes Intl options (one decimal for a size in KiB)', () => {
    const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
    expect(formatNumber(2.25, 'en', oneDecimal)).toBe('2.3');
    expect(formatNumber(2.25, 'ru', oneDecimal)).toBe('2,3');
  });
});
