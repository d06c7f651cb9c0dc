/**
 * Dates, times, durations, numbers and time-zone names in the interface language, all through
 * `Intl`. Every function takes the interface language as a BCP-47 tag (`i18n.language`): only its
 * primary subtag counts ('fr-CA' formats as 'fr'), and a language the interface does not speak
 * formats as British English. The formatters are built once per locale and options.
 */

/** The locale each interface language formats in; Arabic as `Intl` writes it ('ar': Latin digits in current ICU). */
const LOCALES = new Map<string, string>([
  ['en', 'en-GB'],
  ['fr', 'fr-FR'],
  ['es', 'es-ES'],
  ['ru', 'ru-RU'],
  ['ar', 'ar'],
]);

/** The `Intl` locale for an interface language: 'ru' → 'ru-RU', 'ar-EG' → 'ar', 'de' → 'en-GB'. */
export function localeFor(lang: string): string {
  const primary = lang.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return LOCALES.get(primary) ?? 'en-GB';
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** One formatter per locale and options: building an Intl formatter costs far more than using one. */
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(
  kind: 'date' | 'number',
  lang: string,
  options: object,
  make: (locale: string) => F,
): F {
  const locale = localeFor(lang);
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  const known = formats.get(key) as F | undefined;
  if (known) return known;
  const fmt = make(locale);
  formats.set(key, fmt);
  return fmt;
}

function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', lang, options, (locale) => new Intl.DateTimeFormat(locale, options));
}

function numberFormat(lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('number', lang, options, (locale) => new Intl.NumberFormat(locale, options));
}

/** A number in the interface language: 1,234.5 / 1 234,5 (fr, ru) / 1234,5 (es). */
export function formatNumber(n: number, lang: string, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lang, options).format(n);
}

/** A share (0.5 → 50 %, 50 %, 50%…) with the locale's sign and spacing. */
export function formatPercent(fraction: number, lang: string, maximumFractionDigits = 0): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits }).format(fraction);
}

/**
 * 0:07, 12:03, 1:05:07: a duration as a clock reads it, with the digits of the interface
 * language (the same `Intl` digits as the times shown beside it). All five languages write ':'.
 */
export function formatDuration(ms: number, lang: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const plain = numberFormat(lang, { useGrouping: false });
  const two = numberFormat(lang, { useGrouping: false, minimumIntegerDigits: 2 });
  return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(s)}` : `${plain.format(m)}:${two.format(s)}`;
}

/** Hours and minutes in a time zone (the meeting's, or the viewer's when omitted). */
export function formatTime(epochMs: number, lang: string, timeZone?: string): string {
  return dateFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone }).format(epochMs);
}

/** 10:42:07: a time to the second (a ballot's receipt), in a time zone. */
export function formatTimeSeconds(epochMs: number, lang: string, timeZone?: string): string {
  return dateFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }).format(epochMs);
}

/** "8 June 2021 at 11:00", "8 июня 2021 г. в 11:00", "8 يونيو 2021 في 11:00 ص". */
export function formatDateTime(epochMs: number, lang: string, timeZone?: string): string {
  return dateFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(epochMs);
}

function zonePart(lang: string, timeZone: string, style: Intl.DateTimeFormatOptions['timeZoneName'], at: number) {
  return dateFormat(lang, { timeZone, timeZoneName: style })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
}

/**
 * The name of a time zone in the interface language, the same all year round: "Central European
 * Time", "heure d’Europe centrale", "hora de Europa central", "Центральная Европа", "توقيت وسط
 * أوروبا". Where the locale has no such name it falls back to the zone's specific name
 * ("Coordinated Universal Time" for UTC), then to its offset ("GMT+04:00"), never to the English
 * city of the IANA id.
 */
export function formatZoneName(timeZone: string, lang: string, at: number = Date.now()): string {
  const generic = zonePart(lang, timeZone, 'longGeneric', at);
  const offset = zonePart(lang, timeZone, 'longOffset', at);
  if (generic !== undefined && generic !== offset) return generic;
  return zonePart(lang, timeZone, 'long', at) ?? generic ?? timeZone;
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
