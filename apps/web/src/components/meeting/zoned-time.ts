/**
 * The planned start as the secretariat writes it (a date and a time on the meeting's clock, in
 * its time zone) and as the record keeps it (ISO 8601 with the offset of that zone on that day).
 * Pure, through `Intl`: summer time is the zone's, not the browser's.
 */

export type WallTime = { date: string; time: string };

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `timeZone` at `epochMs`, as numbers. */
function wallParts(epochMs: number, timeZone: string) {
  const get = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((p) => p.type === type)?.value ?? '0');
  const parts = formatIn(timeZone).formatToParts(epochMs);
  return {
    year: get(parts, 'year'),
    month: get(parts, 'month'),
    day: get(parts, 'day'),
    hour: get(parts, 'hour'),
    minute: get(parts, 'minute'),
    second: get(parts, 'second'),
  };
}

/** The zone's offset from UTC at `epochMs`, in minutes (Brussels in June: 120). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const w = wallParts(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * "2021-06-08" and "10:00" in Europe/Brussels → "2021-06-08T10:00:00+02:00"; null when the date
 * or the time is not one. A time skipped by the change to summer time is read with the offset
 * from before the change (10 minutes past a skipped 2:00 is 3:10), as a clock put forward shows it.
 */
export function zonedIso({ date, time }: WallTime, timeZone: string): string | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wallAsUtc).getUTCDate() !== day) return null; // 31 June
  let offset = zoneOffsetMinutes(wallAsUtc, timeZone);
  const second = zoneOffsetMinutes(wallAsUtc - offset * 60_000, timeZone);
  if (second !== offset) offset = second;
  const at = wallAsUtc - offset * 60_000;
  const w = wallParts(at, timeZone);
  const shownDate = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  return `${shownDate}T${pad(w.hour)}:${pad(w.minute)}:00${offsetText(zoneOffsetMinutes(at, timeZone))}`;
}

/** The date and time `startsAt` is on the clock of `timeZone` (what the form shows). */
export function wallTimeOf(startsAt: string, timeZone: string): WallTime {
  const at = Date.parse(startsAt);
  if (Number.isNaN(at)) return { date: '', time: '' };
  const w = wallParts(at, timeZone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** The IANA zones this browser knows, for the zone field's suggestions. */
export function knownTimeZones(): readonly string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}
