import { zonedIso } from '../../components/meeting/zoned-time.js';

/**
 * A date ("2026-06-08") and a wall-clock time ("10:00") in a time zone as ISO 8601 with that
 * zone's offset on that day ("2026-06-08T10:00:00+02:00"); null when one of them is not valid,
 * the zone included. The arithmetic is the Meeting details form's (`zonedIso`).
 */
export function zonedStartsAt(date: string, time: string, timeZone: string): string | null {
  try {
    return zonedIso({ date, time }, timeZone);
  } catch {
    return null; // an unknown IANA zone: Intl refuses it
  }
}

/** The browser's own time zone, the wizard's default. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
