import { describe, expect, it } from 'vitest';
import { linkValidAt, linkValidUntil } from './link-validity.js';

const DAY = 24 * 60 * 60 * 1000;
const grace = 30 * DAY;

describe('link validity', () => {
  it('has no end while the meeting is scheduled or open, however far ahead it is', () => {
    const issued = { expiresAt: 0 };
    expect(linkValidUntil(issued, { status: 'scheduled', closedAt: null }, grace)).toBeNull();
    expect(linkValidAt(issued, { status: 'open', closedAt: null }, grace, 400 * DAY)).toBe(true);
  });

  it('ends the grace after the meeting closed', () => {
    const meta = { status: 'closed', closedAt: 10 * DAY } as const;
    expect(linkValidUntil({ expiresAt: 0 }, meta, grace)).toBe(40 * DAY);
    expect(linkValidAt({ expiresAt: 0 }, meta, grace, 40 * DAY - 1)).toBe(true);
    expect(linkValidAt({ expiresAt: 0 }, meta, grace, 40 * DAY)).toBe(false);
  });

  it('lasts until an extension, or an old link’s own date, when that is later', () => {
    const meta = { status: 'closed', closedAt: 10 * DAY } as const;
    expect(linkValidUntil({ expiresAt: 90 * DAY }, meta, grace)).toBe(90 * DAY);
    expect(linkValidAt({ expiresAt: 90 * DAY }, meta, grace, 60 * DAY)).toBe(true);
  });
});
