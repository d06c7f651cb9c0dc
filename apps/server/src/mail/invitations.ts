import { seatKeyOf, textIn, type Lang } from '@rostrum/core';
import type { Logger } from '../platform/logger.js';
import type { InviteLink, MeetingRegistry } from '../room/meetings.js';
import type { MailStatus, ParticipantRecord, ParticipantStore } from '../store/participant-types.js';
import type { Mailer, OutgoingMail } from './mailer.js';
import { invitationMessage, type InvitationInput } from './templates.js';

/** Why a person was not queued (said per person by the routes and the panel). */
export type SkipReason =
  /** No such participant in this meeting. */
  | 'not_found'
  | 'no_email'
  /** A person without a seat (an extra person of a delegation), or a seat whose link was revoked. */
  | 'no_link'
  /** Queued or being sent right now. */
  | 'in_progress'
  /** Sent already: only a resend of that one person sends it again. */
  | 'already_sent'
  /** Refused for good by the receiving server: never sent again by "send all". */
  | 'bounced';

/** One line of the invitations list: a live link (the projector's view of the observer's too), or a person without one. */
export type InvitationRow = {
  seatKey: string | null;
  role: InviteLink['role'] | 'projector' | null;
  delegationId: string | null;
  presenterId: string | null;
  seat: InviteLink['seat'];
  label: string;
  participant: {
    id: string;
    name: string;
    title: string;
    email: string | null;
    language: Lang;
    /** 'sending' left by a node that stopped shows as 'failed' with the error 'interrupted'. */
    mailStatus: MailStatus;
    mailError: string | null;
    mailAttempts: number;
    mailedAt: number | null;
  } | null;
  /** Why "send" would pass this line by; null when it can be sent (or was). */
  skip: 'no_participant' | 'no_email' | 'no_link' | null;
};

export type InvitationDeps = {
  registry: MeetingRegistry;
  participants: ParticipantStore;
  /** Null: SMTP is not configured, nothing can be sent. */
  mailer: Mailer | null;
  logger: Logger;
  now: () => number;
  /** The waits between attempts of a message refused for now: with [a, b], three attempts in all. */
  retryDelaysMs: readonly number[];
  /** Messages sent at once. */
  concurrency?: number;
  /**
   * True when this node is the only one (no REDIS_URL): a row 'sending' that this node is not
   * sending was left by a stop, at once. With several nodes, another node may be sending it: it is
   * taken as left only after `STALE_SENDING_MS` without a change.
   */
  alone: boolean;
};

/** Longer than any message's three attempts with their time-outs and waits. */
export const STALE_SENDING_MS = 15 * 60 * 1000;
export const INTERRUPTED = 'interrupted';
const ATTEMPTS = 3;

type Job = {
  meetingId: string;
  participantId: string;
  /** The address it was queued for: a changed address drops the job (the new one needs its own send). */
  email: string;
  /** Where the links point (the address the staff reached the server at); the link itself is read when sending. */
  base: string | undefined;
  attempts: number;
};

const jobKey = (meetingId: string, participantId: string) => `${meetingId}\u0000${participantId}`;

/**
 * Sends invitations in the background, a few at a time: each person's status goes 'sending', then
 * 'sent', 'bounced' (a 5xx reply: kept with the server's words, never tried again by itself) or,
 * after three attempts refused for now (4xx, no connection), 'failed'. The message holds the
 * person's link: it lives in memory only, and is never logged.
 */
export class InvitationService {
  private readonly queue: Job[] = [];
  /** Queued, being sent or waiting for a retry on this node. */
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: InvitationDeps) {}

  get configured(): boolean {
    return this.deps.mailer !== null;
  }

  /** The status as shown: a 'sending' nobody is sending any more is a failure that may be sent again. */
  shown(p: ParticipantRecord): { status: MailStatus; error: string | null } {
    if (p.mailStatus !== 'sending' || this.pending.has(jobKey(p.meetingId, p.id)))
      return { status: p.mailStatus, error: p.mailError };
    const since = p.mailedAt ?? 0;
    if (this.deps.alone || this.deps.now() - since > STALE_SENDING_MS) return { status: 'failed', error: INTERRUPTED };
    return { status: p.mailStatus, error: p.mailError };
  }

  /** Every live link with the person who holds it, and the people who hold none; null for an unknown meeting. */
  async rows(meetingId: string, base: string | undefined): Promise<InvitationRow[] | null> {
    if (!(await this.deps.registry.open(meetingId))) return null;
    const links = await this.deps.registry.links(meetingId, base);
    const people = await this.deps.participants.listParticipants(meetingId);
    const bySeat = new Map(people.flatMap((p) => (p.seatKey === null ? [] : [[p.seatKey, p] as const])));
    const view = (p: ParticipantRecord | undefined): InvitationRow['participant'] => {
      if (!p) return null;
      const { status, error } = this.shown(p);
      return {
        id: p.id,
        name: p.name,
        title: p.title,
        email: p.email,
        language: p.language,
        mailStatus: status,
        mailError: error,
        mailAttempts: p.mailAttempts,
        mailedAt: p.mailedAt,
      };
    };
    const rows: InvitationRow[] = [];
    const linked = new Set<string>();
    for (const link of links) {
      const seatKey = seatKeyOf(link);
      const person = seatKey === null ? undefined : bySeat.get(seatKey);
      if (person) linked.add(person.id);
      const row: InvitationRow = {
        seatKey,
        role: link.role,
        delegationId: link.delegationId,
        presenterId: link.presenterId,
        seat: link.seat,
        label: link.label,
        participant: view(person),
        skip: !person ? 'no_participant' : person.email === null ? 'no_email' : null,
      };
      rows.push(row);
      // The room's screen: the observer's link on another page, listed as a link of its own.
      if (link.role === 'observer')
        rows.push({ ...row, role: 'projector', label: 'Projector', participant: null, skip: 'no_participant' });
    }
    for (const p of people)
      if (!linked.has(p.id))
        rows.push({
          seatKey: p.seatKey,
          role: null,
          delegationId: p.delegationId,
          presenterId: null,
          seat: null,
          label: p.name,
          participant: view(p),
          skip: 'no_link',
        });
    return rows;
  }

  /**
   * Queues the invitations of a meeting: the people named (all of them may be sent again except
   * those in progress), or by default everyone with an address and a link not sent yet — never
   * 'sent' or 'bounced' ones. Null for an unknown meeting.
   */
  async send(
    meetingId: string,
    base: string | undefined,
    participantIds: readonly string[] | null,
    opts: { resend?: boolean } = {},
  ): Promise<{ queued: string[]; skipped: Array<{ participantId: string; reason: SkipReason }> } | null> {
    const room = await this.deps.registry.open(meetingId);
    if (!room) return null;
    const people = await this.deps.participants.listParticipants(meetingId);
    const chosen = participantIds === null ? people : participantIds.map((id) => people.find((p) => p.id === id) ?? id);
    const links = new Map<string, string>();
    for (const link of await this.deps.registry.links(meetingId, base)) {
      const key = seatKeyOf(link);
      if (key !== null) links.set(key, link.url);
    }
    const queued: string[] = [];
    const skipped: Array<{ participantId: string; reason: SkipReason }> = [];
    for (const entry of chosen) {
      if (typeof entry === 'string') {
        skipped.push({ participantId: entry, reason: 'not_found' });
        continue;
      }
      const p = entry;
      const status = this.shown(p).status;
      const url = p.seatKey === null ? undefined : links.get(p.seatKey);
      let reason: SkipReason | null = null;
      if (p.email === null) reason = 'no_email';
      else if (url === undefined) reason = 'no_link';
      // Also a person another request of this node queued a moment ago (its list was read before).
      else if (status === 'sending' || this.pending.has(jobKey(meetingId, p.id))) reason = 'in_progress';
      else if (status === 'sent' && !opts.resend) reason = 'already_sent';
      else if (status === 'bounced' && participantIds === null) reason = 'bounced';
      if (reason !== null || p.email === null || url === undefined) {
        // "Send all" passes by the people it has nothing to do for without listing them all.
        if (participantIds !== null || reason === 'no_email' || reason === 'no_link')
          skipped.push({ participantId: p.id, reason: reason ?? 'no_link' });
        continue;
      }
      const key = jobKey(meetingId, p.id);
      // Marked before anything is awaited again: a second press of this node finds it pending.
      this.pending.add(key);
      let claimed = false;
      try {
        // Another node may have read the same status and be claiming the person at this instant:
        // the store lets one claim win, the other passes the person by.
        claimed = await this.deps.participants.claimForSending(
          meetingId,
          p.id,
          { status: p.mailStatus, at: p.mailedAt },
          this.deps.now(),
        );
      } finally {
        if (!claimed) this.pending.delete(key);
      }
      if (!claimed) {
        if (participantIds !== null) skipped.push({ participantId: p.id, reason: 'in_progress' });
        continue;
      }
      this.queue.push({ meetingId, participantId: p.id, email: p.email, base, attempts: 0 });
      queued.push(p.id);
    }
    if (queued.length > 0)
      this.deps.logger.info({ meetingId, queued: queued.length, skipped: skipped.length }, 'invitations queued');
    this.pump();
    return { queued, skipped };
  }

  private seatOf(
    seatKey: string,
    language: Lang,
    delegations: Record<string, { name: Partial<Record<Lang, string>> } | undefined>,
    languages: readonly Lang[],
  ): InvitationInput['seat'] {
    const [kind, id, seat] = seatKey.split(':');
    if (kind === 'delegate' && id !== undefined) {
      const d = delegations[id];
      return { kind: 'delegate', head: seat !== 'deputy', delegation: d ? textIn(d.name, language, languages) : id };
    }
    if (kind === 'chair' || kind === 'presenter' || kind === 'secretariat' || kind === 'observer') return { kind };
    return { kind: 'observer' };
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 4;
    while (!this.closed && this.running.size < limit) {
      const job = this.queue.shift();
      if (!job) return;
      const run = this.attempt(job)
        .catch((err: unknown) => {
          // A store error mid-way: the person is no longer pending here, so "send" may try again
          // (its row stays 'sending' and shows as interrupted).
          this.pending.delete(jobKey(job.meetingId, job.participantId));
          this.deps.logger.error(
            { err, meetingId: job.meetingId, participantId: job.participantId },
            'invitation not sent',
          );
        })
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  /**
   * The invitation for a person, made from the meeting and their seat's link as they are now: a
   * link re-issued or revoked while the job waited is never mailed. Null when the seat has no
   * live link any more (or the meeting is gone).
   */
  private async messageFor(
    p: ParticipantRecord,
    email: string,
    base: string | undefined,
  ): Promise<OutgoingMail | null> {
    const room = await this.deps.registry.open(p.meetingId);
    if (!room || p.seatKey === null) return null;
    const link = (await this.deps.registry.links(p.meetingId, base)).find((l) => seatKeyOf(l) === p.seatKey);
    if (!link) return null;
    const meta = room.state.meta;
    const input: InvitationInput = {
      language: p.language,
      title: textIn(meta.title, p.language, meta.languages),
      startsAt: meta.startsAt,
      timeZone: meta.timeZone,
      name: p.name,
      personTitle: p.title,
      seat: this.seatOf(p.seatKey, p.language, room.state.roster.delegations, meta.languages),
      videoLink: meta.videoLink,
      interpretationLink: meta.interpretationLinks[p.language] ?? null,
      link: link.url,
    };
    return { to: email, language: p.language, ...invitationMessage(input) };
  }

  private async attempt(job: Job): Promise<void> {
    const { meetingId, participantId } = job;
    const key = jobKey(meetingId, participantId);
    const mailer = this.deps.mailer;
    const current = await this.deps.participants.getParticipant(meetingId, participantId);
    // Deleted, given another address, or its status changed meanwhile: this message is not theirs any more.
    if (!mailer || this.closed || !current || current.email !== job.email || current.mailStatus !== 'sending') {
      this.pending.delete(key);
      return;
    }
    // Every later write holds only while the person still has this address and is being sent
    // to: an address changed during the SMTP exchange keeps its own status ('none').
    const only = { email: job.email };
    const mail = await this.messageFor(current, job.email, job.base);
    if (mail === null) {
      this.pending.delete(key);
      await this.deps.participants.setMailStatus(
        meetingId,
        participantId,
        { status: 'failed', error: 'no_link', attempts: job.attempts, at: this.deps.now() },
        only,
      );
      return;
    }
    job.attempts += 1;
    await this.deps.participants.setMailStatus(
      meetingId,
      participantId,
      { status: 'sending', error: null, attempts: job.attempts, at: this.deps.now() },
      only,
    );
    // Recorded even while closing: `close` waits for the messages under way, the store is still open.
    const outcome = await mailer.send(mail);
    if (outcome.ok) {
      this.pending.delete(key);
      await this.deps.participants.setMailStatus(
        meetingId,
        participantId,
        { status: 'sent', error: null, attempts: job.attempts, at: this.deps.now() },
        only,
      );
      return;
    }
    const wait = this.deps.retryDelaysMs[job.attempts - 1];
    if (!outcome.permanent && job.attempts < ATTEMPTS && wait !== undefined && !this.closed) {
      // Tried again later, without holding one of the few sending slots while it waits.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.queue.push(job);
        this.pump();
      }, wait);
      this.timers.add(timer);
      return;
    }
    this.pending.delete(key);
    const status = outcome.permanent ? 'bounced' : 'failed';
    this.deps.logger.warn({ meetingId, participantId, status, attempts: job.attempts }, 'invitation not delivered');
    await this.deps.participants.setMailStatus(
      meetingId,
      participantId,
      { status, error: outcome.reason, attempts: job.attempts, at: this.deps.now() },
      only,
    );
  }

  /**
   * Stops sending: messages not started and retries waiting are left 'sending' in the store, which
   * the next start shows as failed ('interrupted'), to be sent again by hand or with "send all" —
   * never by themselves (one may have left before the stop). Waits for the messages under way.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    await Promise.allSettled([...this.running]);
    this.deps.mailer?.close();
  }
}
