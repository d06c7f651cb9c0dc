import { describe, expect, it } from 'vitest';
import { wallTimeOf, zonedIso, zoneOffsetMinutes } from './zoned-time.js';

describe('the planned start on the meeting’s clock', () => {
  it('writes the offset of the meeting’s zone on that day, summer or winter', () => {
    expect(zonedIso({ date: '2021-06-08', time: '10:00' }, 'Europe/Brussels')).toBe('2021-06-08T10:00:00+02:00');
    expect(zonedIso({ date: '2021-12-08', time: '10:00' }, 'Europe/Brussels')).toBe('2021-12-08T10:00:00+01:00');
    expect(zonedIso({ date: '2021-06-08', time: '10:00' }, 'UTC')).toBe('2021-06-08T10:00:00Z');
    expect(zonedIso({ date: '2021-06-08', time: '09:30' }, 'Asia/Kolkata')).toBe('2021-06-08T09:30:00+05:30');
    expect(zonedIso({ date: '2021-06-08', time: '09:00' }, 'America/New_York')).toBe('2021-06-08T09:00:00-04:00');
  });

  it('reads back what it wrote', () => {
    const iso = zonedIso({ date: '2021-03-28', time: '14:15' }, 'Europe/Brussels');
    expect(iso).toBe('2021-03-28T14:15:00+02:00');
    expect(wallTimeOf(iso ?? '', 'Europe/Brussels')).toEqual({ date: '2021-03-28', time: '14:15' });
    expect(wallTimeOf('2021-06-08T10:00:00+02:00', 'Asia/Tashkent')).toEqual({ date: '2021-06-08', time: '13:00' });
  });

  it('takes a time skipped by summer time as the clock put forward shows it', () => {
    expect(zonedIso({ date: '2021-03-28', time: '02:30' }, 'Europe/Brussels')).toBe('2021-03-28T03:30:00+02:00');
  });

  it('refuses what is not a date or a time', () => {
    expect(zonedIso({ date: '', time: '10:00' }, 'Europe/Brussels')).toBeNull();
    expect(zonedIso({ date: '2021-06-31', time: '10:00' }, 'Europe/Brussels')).toBeNull();
    expect(zonedIso({ date: '2021-06-08', time: '25:00' }, 'Europe/Brussels')).toBeNull();
    expect(wallTimeOf('not a date', 'UTC')).toEqual({ date: '', time: '' });
  });

  it('knows the offset of a zone at an instant', () => {
    expect(zoneOffsetMinutes(Date.UTC(2021, 5, 8), 'Europe/Brussels')).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(2021, 0, 8), 'Europe/Brussels')).toBe(60);
  });
});
