import { randomBytes } from 'node:crypto';
import { originalText, type Lang, type MeetingDefinition, type MeetingState, type MeetingText } from '@rostrum/core';
import type { InviteRecord } from '../store/types.js';

/** Short random ids, URL-safe. */
export function newId(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}

type InviteFields = Pick<InviteRecord, 'role' | 'label'> &
  Partial<Pick<InviteRecord, 'delegationId' | 'presenterId' | 'seat'>>;

function invite(meetingId: string, createdAt: number, ttlMs: number, f: InviteFields): InviteRecord {
  return {
    id: newId(),
    meetingId,
    role: f.role,
    delegationId: f.delegationId ?? null,
    presenterId: f.presenterId ?? null,
    seat: f.seat ?? null,
    label: f.label,
    createdAt,
    expiresAt: createdAt + ttlMs,
    revokedAt: null,
  };
}

type Delegation = { id: string; name: MeetingText };

/**
 * Labels are for the secretariat's list of links, in the meeting's original language (the one
 * every text has): a translation may be missing or added later, the label stays as it was made.
 */
function label(text: MeetingText, languages: readonly Lang[]): string {
  return originalText(text, languages).text;
}

/** A delegation's two links: its head's (who holds the vote) and its deputy's. */
function delegationPair(
  meetingId: string,
  createdAt: number,
  ttlMs: number,
  d: Delegation,
  languages: readonly Lang[],
): [InviteRecord, InviteRecord] {
  const name = label(d.name, languages);
  return [
    invite(meetingId, createdAt, ttlMs, { role: 'delegate', label: name, delegationId: d.id, seat: 'head' }),
    invite(meetingId, createdAt, ttlMs, {
      role: 'delegate',
      label: `${name} (deputy)`,
      delegationId: d.id,
      seat: 'deputy',
    }),
  ];
}

/** One invite per role and presenter, and two per delegation (head and deputy), as the secretariat sends them. */
export function invitesFor(
  meetingId: string,
  def: MeetingDefinition,
  createdAt: number,
  ttlMs: number,
): InviteRecord[] {
  const make = (f: InviteFields) => invite(meetingId, createdAt, ttlMs, f);
  const langs = def.languages;
  const pairs = def.delegations.map((d) => delegationPair(meetingId, createdAt, ttlMs, d, langs));
  return [
    make({ role: 'chair', label: `Chair: ${label(def.chair.name, langs)}`, delegationId: def.chair.delegationId }),
    make({ role: 'secretariat', label: 'Secretariat' }),
    make({ role: 'observer', label: 'Observer' }),
    ...def.presenters.map((p) =>
      make({
        role: 'presenter',
        label: `Presenter: ${label(p.name, langs)}`,
        delegationId: p.delegationId,
        presenterId: p.id,
      }),
    ),
    // Heads first: the first link of a delegation is its head's.
    ...pairs.map(([head]) => head),
    ...pairs.map(([, deputy]) => deputy),
  ];
}

/**
 * The links of the delegations that `after` has and `before` had not (a `roster.import`).
 * Delegations are never removed, so a new id never had links: they are stored in the same
 * transaction as the roster change, and a delegation is never on the roster without its links.
 */
export function invitesForNewDelegations(
  before: MeetingState,
  after: MeetingState,
  createdAt: number,
  ttlMs: number,
): InviteRecord[] {
  if (before.roster.delegationOrder.length === after.roster.delegationOrder.length) return [];
  const known = new Set(before.roster.delegationOrder);
  const pairs: Array<[InviteRecord, InviteRecord]> = [];
  for (const id of after.roster.delegationOrder) {
    const d = after.roster.delegations[id];
    if (!known.has(id) && d) pairs.push(delegationPair(after.meta.id, createdAt, ttlMs, d, after.meta.languages));
  }
  return [...pairs.map(([head]) => head), ...pairs.map(([, deputy]) => deputy)];
}

/**
 * The links of the presenters that `after` has and `before` had not (a `presenter.add` during
 * preparation or the meeting). Presenters are never removed, so a new id never had a link: it is
 * stored in the same transaction as the presenter, who is never on the roster without one.
 */
export function invitesForNewPresenters(
  before: MeetingState,
  after: MeetingState,
  createdAt: number,
  ttlMs: number,
): InviteRecord[] {
  if (before.roster.presenters === after.roster.presenters) return [];
  const langs = after.meta.languages;
  return Object.values(after.roster.presenters)
    .filter((p) => !Object.hasOwn(before.roster.presenters, p.id))
    .map((p) =>
      invite(after.meta.id, createdAt, ttlMs, {
        role: 'presenter',
        label: `Presenter: ${label(p.name, langs)}`,
        delegationId: p.delegationId,
        presenterId: p.id,
      }),
    );
}
