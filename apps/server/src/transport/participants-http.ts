import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  idSchema,
  langSchema,
  DELEGATION_MEMBERS_MAX,
  isPersonalSeat,
  participantFieldsSchema,
  seatKeyOf,
  type ConflictReason,
  type ErrorCode,
  type Lang,
  type ParticipantFields,
  type Principal,
} from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { MeetingRegistry } from '../room/meetings.js';
import { bearer } from '../room/tokens.js';
import { newParticipantRecord } from '../participants/record.js';
import type { EnteredBy, MailStatus, ParticipantRecord, ParticipantStore } from '../store/participant-types.js';
import { participantsCsv } from '../participants/csv.js';
import { delegationPersonView, participantView, seatsOf, sortedByDelegation } from '../participants/view.js';

export type ParticipantRouteDeps = {
  registry: MeetingRegistry;
  participants: ParticipantStore;
  logger: Logger;
  now: () => number;
  staffOrAdmin: (req: Request, res: Response, meetingId: string) => Promise<boolean>;
  sendError: (res: Response, code: ErrorCode, message: string) => void;
  /**
   * A person's invitation status as the Invitations list shows it (a 'sending' nobody is sending
   * any more reads as failed, interrupted): both lists say the same. Absent: as stored.
   */
  mailStatusOf?: (p: ParticipantRecord) => { status: MailStatus; error: string | null };
};

/** How many extra people (observers of their delegation) one delegation may register (as in a definition). */
export const EXTRA_PEOPLE_MAX = DELEGATION_MEMBERS_MAX;

/** A person added by the secretariat: for a seat of the meeting, or an extra person of a delegation. */
const addSchema = participantFieldsSchema.extend({
  seatKey: z.string().max(200).nullable(),
  delegationId: idSchema.nullable().default(null),
});

type Issue = { path: string; code: string; message: string };

/** A zod issue as a field error with a stable code a client can translate. */
function issueOf(i: z.core.$ZodIssue): Issue {
  const path = i.path.map(String).join('.');
  const code =
    i.code === 'too_big'
      ? 'too_long'
      : i.code === 'too_small'
        ? 'required'
        : i.code === 'invalid_format' || (path === 'email' && i.code === 'invalid_union')
          ? 'invalid_email'
          : i.code === 'invalid_value'
            ? 'invalid_value'
            : i.code === 'unrecognized_keys'
              ? 'unknown_field'
              : 'invalid';
  return { path, code, message: i.message };
}

function invalid(res: Response, issues: Issue[]): void {
  res.status(400).json({ ok: false, error: { code: 'invalid', message: issues[0]?.message ?? 'invalid', issues } });
}

function conflict(res: Response, reason: ConflictReason, message: string): void {
  res.status(409).json({ ok: false, error: { code: 'conflict', message, reason } });
}

/**
 * Named participants over HTTP (docs/protocol.md, "Participants"): the secretariat's list, edits,
 * additions, deletions and CSV export; a link holder's own details and, for a delegation's head
 * and deputy, the extra people of their delegation. Emails never leave for anyone but the
 * meeting's staff, the person themselves, and the delegation for the people it registered.
 */
export function registerParticipantRoutes(app: express.Express, deps: ParticipantRouteDeps): void {
  const { registry, participants: store, sendError } = deps;

  function record(
    meetingId: string,
    fields: ParticipantFields,
    where: { seatKey: string | null; delegationId: string | null },
    enteredBy: EnteredBy,
  ): ParticipantRecord {
    return newParticipantRecord({ meetingId, ...where, ...fields, enteredBy }, deps.now());
  }

  /** Writes a new seat person; a seat another request filled meanwhile is a conflict, not a 500. */
  async function insertSeat(res: Response, p: ParticipantRecord): Promise<boolean> {
    if (p.seatKey !== null && (await store.participantBySeat(p.meetingId, p.seatKey)))
      return (conflict(res, 'seat_taken', 'this seat already has a person: edit it'), false);
    try {
      await store.upsertParticipant(p);
      return true;
    } catch (err) {
      if (p.seatKey !== null && (await store.participantBySeat(p.meetingId, p.seatKey)))
        return (conflict(res, 'seat_taken', 'this seat already has a person: edit it'), false);
      throw err;
    }
  }

  async function extraCount(meetingId: string, delegationId: string): Promise<number> {
    return (await store.listParticipants(meetingId)).filter(
      (p) => p.seatKey === null && p.delegationId === delegationId,
    ).length;
  }

  // ---- The meeting's staff (the admin token, a staff account managing it, a chair or secretariat link).

  app.get('/api/meetings/:id/participants', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const room = await registry.open(req.params.id);
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    const people = await store.listParticipants(room.id);
    const seats = seatsOf(await registry.invites(room.id), people);
    const sorted = sortedByDelegation(people, seats, room.state.roster.delegationOrder);
    const shown = (p: ParticipantRecord): ParticipantRecord => {
      const mail = deps.mailStatusOf?.(p);
      return mail ? { ...p, mailStatus: mail.status, mailError: mail.error } : p;
    };
    res.json({ ok: true, data: { seats, participants: sorted.map((p) => participantView(shown(p), seats)) } });
  });

  app.get('/api/meetings/:id/participants.csv', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const room = await registry.open(req.params.id);
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    const asked = langSchema.safeParse(req.query.lang);
    const lang: Lang = asked.success ? asked.data : (room.state.meta.languages[0] ?? 'en');
    const people = await store.listParticipants(room.id);
    const seats = seatsOf(await registry.invites(room.id), people);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="participants-${room.id}.csv"`)
      .set('Cache-Control', 'no-store')
      .send(participantsCsv(people, seats, room.state, lang));
  });

  /** Adds the person of a seat, or an extra person of a delegation. */
  app.post('/api/meetings/:id/participants', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const room = await registry.open(req.params.id);
    if (!room) return sendError(res, 'not_found', 'no such meeting');
    const parsed = addSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error.issues.slice(0, 10).map(issueOf));
    const { seatKey, delegationId, ...fields } = parsed.data;
    const delegations = room.state.roster.delegations;
    let where: { seatKey: string | null; delegationId: string | null };
    if (seatKey === null) {
      if (delegationId === null || !Object.hasOwn(delegations, delegationId))
        return invalid(res, [
          {
            path: 'delegationId',
            code: 'unknown_delegation',
            message: 'an extra person belongs to a delegation of the meeting',
          },
        ]);
      if ((await extraCount(room.id, delegationId)) >= EXTRA_PEOPLE_MAX)
        return conflict(res, 'participants_full', `a delegation registers ${EXTRA_PEOPLE_MAX} extra people at most`);
      where = { seatKey: null, delegationId };
    } else {
      // Only a personal seat is listed (never the shared observer or secretariat link).
      const seat = seatsOf(await registry.invites(room.id), []).find((s) => s.seatKey === seatKey);
      if (!seat)
        return invalid(res, [{ path: 'seatKey', code: 'unknown_seat', message: 'the meeting has no such seat' }]);
      where = { seatKey, delegationId: seat.delegationId };
    }
    const p = record(room.id, fields, where, 'secretariat');
    if (!(await insertSeat(res, p))) return;
    deps.logger.info({ meetingId: room.id, participantId: p.id, seatKey }, 'participant added');
    res.status(201).json({ ok: true, data: { id: p.id } });
  });

  /** Edits a person (the secretariat may correct any entry, a delegate's own too). */
  app.put('/api/meetings/:id/participants/:pid', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    const parsed = participantFieldsSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error.issues.slice(0, 10).map(issueOf));
    const current = await store.getParticipant(req.params.id, req.params.pid);
    if (!current) return sendError(res, 'not_found', 'no such participant');
    await store.upsertParticipant({ ...current, ...parsed.data, enteredBy: 'secretariat', updatedAt: deps.now() });
    res.json({ ok: true, data: { id: current.id } });
  });

  app.delete('/api/meetings/:id/participants/:pid', async (req, res) => {
    if (!(await deps.staffOrAdmin(req, res, req.params.id))) return;
    if (!(await store.deleteParticipant(req.params.id, req.params.pid)))
      return sendError(res, 'not_found', 'no such participant');
    deps.logger.info({ meetingId: req.params.id, participantId: req.params.pid }, 'participant deleted');
    res.json({ ok: true, data: { id: req.params.pid } });
  });

  // ---- A link holder (Bearer invite token, as for GET /api/session).

  /** The link's principal, or null when the response was sent (no token, revoked, unknown). */
  async function holder(req: Request, res: Response): Promise<Principal | null> {
    const token = bearer(req.headers.authorization);
    if (!token) return (sendError(res, 'unauthorized', 'a token is required'), null);
    const auth = await registry.authenticate(token);
    if (!auth.ok) return (sendError(res, auth.code, auth.message), null);
    return auth.principal;
  }

  /** A head's or deputy's link: the delegation whose extra people it may list, add and remove. */
  function delegateOf(res: Response, principal: Principal): string | null {
    if (principal.role !== 'delegate' || principal.delegationId === null)
      return (sendError(res, 'forbidden', "for a delegation's head and deputy only"), null);
    return principal.delegationId;
  }

  app.get('/api/session/participant', async (req, res) => {
    const principal = await holder(req, res);
    if (!principal) return;
    const key = seatKeyOf(principal);
    const own = key === null || !isPersonalSeat(key) ? null : await store.participantBySeat(principal.meetingId, key);
    res.json({ ok: true, data: own ? delegationPersonView(own, own.seatKey ?? '') : null });
  });

  /** The link holder says who is attending on it (or corrects what the secretariat entered). */
  app.put('/api/session/participant', async (req, res) => {
    const principal = await holder(req, res);
    if (!principal) return;
    const key = seatKeyOf(principal);
    // The observer and secretariat links are shared: no one person holds them.
    if (key === null || !isPersonalSeat(key))
      return sendError(res, 'forbidden', 'a shared link (observer, secretariat) holds no named person');
    const parsed = participantFieldsSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error.issues.slice(0, 10).map(issueOf));
    const current = await store.participantBySeat(principal.meetingId, key);
    if (current) {
      await store.upsertParticipant({ ...current, ...parsed.data, enteredBy: 'self', updatedAt: deps.now() });
      return res.json({ ok: true, data: { id: current.id } });
    }
    const p = record(principal.meetingId, parsed.data, { seatKey: key, delegationId: principal.delegationId }, 'self');
    if (!(await insertSeat(res, p))) return;
    res.status(201).json({ ok: true, data: { id: p.id } });
  });

  /** The people of the link's delegation: its two seats and the extra people it registered. */
  app.get('/api/session/participants', async (req, res) => {
    const principal = await holder(req, res);
    if (!principal) return;
    const delegationId = delegateOf(res, principal);
    if (delegationId === null) return;
    const own = seatKeyOf(principal) ?? '';
    const people = (await store.listParticipants(principal.meetingId)).filter(
      (p) => p.delegationId === delegationId && (p.seatKey === null || p.seatKey.startsWith('delegate:')),
    );
    res.json({ ok: true, data: people.map((p) => delegationPersonView(p, own)) });
  });

  /** A head or deputy registers another person of their delegation (an observer of it). */
  app.post('/api/session/participants', async (req, res) => {
    const principal = await holder(req, res);
    if (!principal) return;
    const delegationId = delegateOf(res, principal);
    if (delegationId === null) return;
    const parsed = participantFieldsSchema.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error.issues.slice(0, 10).map(issueOf));
    if ((await extraCount(principal.meetingId, delegationId)) >= EXTRA_PEOPLE_MAX)
      return conflict(res, 'participants_full', `a delegation registers ${EXTRA_PEOPLE_MAX} extra people at most`);
    const p = record(principal.meetingId, parsed.data, { seatKey: null, delegationId }, 'self');
    await store.upsertParticipant(p);
    res.status(201).json({ ok: true, data: { id: p.id } });
  });

  /** Removes an extra person of the link's own delegation (not a seat's person: the secretariat's). */
  app.delete('/api/session/participants/:pid', async (req, res) => {
    const principal = await holder(req, res);
    if (!principal) return;
    const delegationId = delegateOf(res, principal);
    if (delegationId === null) return;
    const p = await store.getParticipant(principal.meetingId, req.params.pid);
    // Another delegation's person is as unknown as a missing one: nothing about it is told.
    if (!p || p.delegationId !== delegationId) return sendError(res, 'not_found', 'no such participant');
    if (p.seatKey !== null) return sendError(res, 'forbidden', "a seat's person is changed by the secretariat");
    await store.deleteParticipant(principal.meetingId, p.id);
    res.json({ ok: true, data: { id: p.id } });
  });
}
