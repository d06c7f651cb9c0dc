import { z } from 'zod';
import type { Role, Seat } from './roles.js';
import { idSchema, langSchema } from './text.js';

/**
 * Named participants: the person holding each link of a meeting (its seat) and the extra people
 * a delegation registers as observers of its own delegation. They are kept by the server apart
 * from the meeting's record (their emails are private); this module has the shapes both the
 * server and the web check them with.
 */

/** How long a participant's name and title may be. */
export const PARTICIPANT_TEXT_MAX = 200;
/** RFC 5321's limit on a whole address. */
export const EMAIL_MAX = 254;

/**
 * A link slot, as a participant's `seatKey`: 'delegate:<delegationId>:<head|deputy>', 'chair',
 * 'presenter:<presenterId>', 'secretariat', 'observer'. A meeting has one live link per slot
 * (a re-issued link keeps its slot), so a slot holds one person.
 */
export type SeatKey = string;

export type ParsedSeatKey =
  | { kind: 'delegate'; delegationId: string; seat: Seat }
  | { kind: 'presenter'; presenterId: string }
  | { kind: 'chair' | 'secretariat' | 'observer' };

/** The fields of an invite that say which slot it is (an InviteRecord, an InviteLink, a Principal with its seat). */
export type SeatOf = { role: Role; delegationId: string | null; presenterId: string | null; seat?: Seat | null };

/**
 * The seat key of a link: the one place that maps links to slots. Null for a link that names no
 * slot (a delegate's or presenter's link without its delegation or presenter: none is made so).
 */
export function seatKeyOf(link: SeatOf): SeatKey | null {
  switch (link.role) {
    case 'delegate':
      return link.delegationId === null ? null : `delegate:${link.delegationId}:${link.seat ?? 'head'}`;
    case 'presenter':
      return link.presenterId === null ? null : `presenter:${link.presenterId}`;
    default:
      return link.role;
  }
}

const isId = (s: string | undefined): s is string => s !== undefined && idSchema.safeParse(s).success;

/** The slot a seat key names, or null when it is not one. */
export function parseSeatKey(key: string): ParsedSeatKey | null {
  if (key === 'chair' || key === 'secretariat' || key === 'observer') return { kind: key };
  const [kind, id, seat, ...rest] = key.split(':');
  if (rest.length > 0 || !isId(id)) return null;
  if (kind === 'presenter' && seat === undefined) return { kind: 'presenter', presenterId: id };
  if (kind === 'delegate' && (seat === 'head' || seat === 'deputy'))
    return { kind: 'delegate', delegationId: id, seat };
  return null;
}

/**
 * A seat one person holds: a delegation's head or deputy, the chair, a presenter. The observer
 * and secretariat links are shared (a room screen, guests, the staff): no person is named on
 * them, so no address is ever read back or mailed through them.
 */
export function isPersonalSeat(key: string): boolean {
  const slot = parseSeatKey(key);
  return slot !== null && slot.kind !== 'secretariat' && slot.kind !== 'observer';
}

/** An address, trimmed and lower-cased; '' is none (a form's empty field). */
export const participantEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX)
  .pipe(z.union([z.literal(''), z.email('not a valid email address')]))
  .transform((v) => (v === '' ? null : v));

export const participantNameSchema = z.string().trim().min(1, 'a name is required').max(PARTICIPANT_TEXT_MAX);
export const participantTitleSchema = z.string().trim().max(PARTICIPANT_TEXT_MAX);

/** What a person says about themselves or the secretariat enters: the form's fields. */
export const participantFieldsSchema = z.strictObject({
  name: participantNameSchema,
  title: participantTitleSchema.default(''),
  email: participantEmailSchema.nullable().default(null),
  /** The language of their invitation email. */
  language: langSchema,
});
export type ParticipantFieldsInput = z.input<typeof participantFieldsSchema>;
export type ParticipantFields = z.output<typeof participantFieldsSchema>;

/** A participant given with the meeting's definition (`POST /api/meetings`). */
export const participantDefinitionSchema = z.strictObject({
  /** 'delegate:<id>:head|deputy', 'chair', 'presenter:<id>', or null for an extra person of a delegation. */
  seatKey: z.string().max(200).nullable(),
  /** The delegation: required for a delegate's seat (its own) and for an extra person. */
  delegationId: idSchema.nullable().default(null),
  name: participantNameSchema,
  title: participantTitleSchema.default(''),
  email: participantEmailSchema.optional().transform((v) => v ?? null),
  /** Omitted: the meeting's original language. */
  language: langSchema.optional(),
});
export type ParticipantDefinition = z.output<typeof participantDefinitionSchema>;

/** How many participants a definition may name (every seat of a full roster, and as many extra people). */
export const PARTICIPANTS_MAX = 2000;

type ParticipantsShape = {
  delegations: { id: string }[];
  presenters: { id: string }[];
  participants?: { seatKey: string | null; delegationId: string | null }[];
};

/**
 * Cross-reference checks of a definition's participants, each at its field: a seat key must name
 * a slot the definition has (a delegation's head or deputy, the chair, a presenter), no two
 * people share one, and a delegate's seat or an extra person belongs to a known delegation.
 */
/** How many members (no link of their own) one delegation may register, in a definition or later. */
export const DELEGATION_MEMBERS_MAX = 20;

export function checkParticipants(def: ParticipantsShape): { path: (string | number)[]; problem: string }[] {
  const out: { path: (string | number)[]; problem: string }[] = [];
  const delegations = new Set(def.delegations.map((d) => d.id));
  const presenters = new Set(def.presenters.map((p) => p.id));
  const seen = new Set<string>();
  const members = new Map<string, number>();
  (def.participants ?? []).forEach((p, i) => {
    const at = (field: string, problem: string) =>
      out.push({ path: ['participants', i, field], problem: `participants.${i}.${field}: ${problem}` });
    if (p.seatKey === null) {
      if (p.delegationId === null) at('delegationId', 'an extra person belongs to a delegation');
      else if (!delegations.has(p.delegationId)) at('delegationId', `unknown delegation "${p.delegationId}"`);
      else {
        const n = (members.get(p.delegationId) ?? 0) + 1;
        members.set(p.delegationId, n);
        if (n > DELEGATION_MEMBERS_MAX)
          at('delegationId', `a delegation registers ${DELEGATION_MEMBERS_MAX} members at most`);
      }
      return;
    }
    const slot = parseSeatKey(p.seatKey);
    if (slot === null || slot.kind === 'secretariat' || slot.kind === 'observer') {
      at('seatKey', `"${p.seatKey}" is not a seat of the meeting (delegate:<id>:head|deputy, chair, presenter:<id>)`);
      return;
    }
    if (seen.has(p.seatKey)) at('seatKey', `two people for the seat "${p.seatKey}"`);
    seen.add(p.seatKey);
    if (slot.kind === 'delegate') {
      if (!delegations.has(slot.delegationId)) at('seatKey', `unknown delegation "${slot.delegationId}"`);
      else if (p.delegationId !== slot.delegationId)
        at('delegationId', `the seat "${p.seatKey}" is of the delegation "${slot.delegationId}"`);
    } else if (slot.kind === 'presenter' && !presenters.has(slot.presenterId)) {
      at('seatKey', `unknown presenter "${slot.presenterId}"`);
    }
  });
  return out;
}
