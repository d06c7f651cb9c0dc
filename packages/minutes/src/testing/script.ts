import { createHash } from 'node:crypto';
import {
  commandSchema,
  meetingDefinitionSchema,
  notesTextName,
  type CommandInput,
  type Lang,
  type MeetingDefinitionInput,
  type Principal,
} from '@rostrum/core';
import { execute, initialSecret, initialState, type MeetingWorld } from '@rostrum/core/server';
import * as Y from 'yjs';
import { readMeetingNotes, type AttendanceEvent, type MinutesInput } from '../model.js';

/**
 * Plays a meeting through the real rules of @rostrum/core with a clock the script moves, so
 * that fixtures and benchmarks are recorded meetings, not hand-made states. Notes are written
 * into a real notes Y.Doc under the documented names.
 */
export class MeetingScript {
  world: MeetingWorld;
  now: number;
  readonly attendance: AttendanceEvent[] = [];
  readonly notesDoc = new Y.Doc();
  /** Accepted commands, as the log keeps them. */
  readonly log: Array<{ principal: Principal; command: CommandInput & { id: string }; at: number }> = [];
  private ids = 0;
  private readonly connected = new Set<string>();

  constructor(
    readonly meetingId: string,
    definition: MeetingDefinitionInput,
    startAt: number,
  ) {
    const def = meetingDefinitionSchema.parse(definition);
    this.world = { state: initialState(meetingId, def), secret: initialSecret() };
    this.now = startAt;
  }

  principal(role: Principal['role'], delegationId: string | null = null, presenterId: string | null = null): Principal {
    return {
      meetingId: this.meetingId,
      inviteId: `inv-${role}-${delegationId ?? presenterId ?? 'x'}`,
      role,
      delegationId,
      presenterId,
    };
  }

  get asChair(): Principal {
    return this.principal('chair');
  }

  get asSecretariat(): Principal {
    return this.principal('secretariat');
  }

  delegate(delegationId: string): Principal {
    return this.principal('delegate', delegationId);
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  /** Moves the clock to a later moment. */
  at(ms: number): this {
    if (ms < this.now) throw new Error('the script cannot go back in time');
    this.now = ms;
    return this;
  }

  /** Runs a command that must be accepted; returns what it created, if anything. */
  run(principal: Principal, input: CommandInput): string | undefined {
    this.ids += 1;
    const command = commandSchema.parse({ ...input, id: `cmd-${String(this.ids).padStart(6, '0')}` });
    const outcome = execute(this.world, principal, command, {
      now: this.now,
      newId: () => `id-${++this.ids}`,
      presentDelegations: () => [...this.connected],
    });
    if (!outcome.ok)
      throw new Error(
        `${input.type} refused: ${outcome.error.code} ${outcome.error.reason ?? ''} ${outcome.error.message}`,
      );
    this.world = outcome.world;
    this.log.push({ principal, command, at: this.now });
    return outcome.createdId;
  }

  join(...delegationIds: string[]): this {
    for (const id of delegationIds) {
      if (this.connected.has(id)) continue;
      this.connected.add(id);
      this.attendance.push({ delegationId: id, kind: 'join', at: this.now });
    }
    return this;
  }

  leave(...delegationIds: string[]): this {
    for (const id of delegationIds) {
      if (!this.connected.delete(id)) continue;
      this.attendance.push({ delegationId: id, kind: 'leave', at: this.now });
    }
    return this;
  }

  /** Notes on an item, in one of the meeting's languages (by default its original). */
  note(itemId: string, text: string, lang?: Lang): this {
    const languages = this.world.state.meta.languages;
    const t = this.notesDoc.getText(notesTextName(itemId, lang ?? languages[0] ?? 'en', languages));
    t.insert(t.length, text);
    return this;
  }

  /** The minutes' input, with a digest chained over the script's log like the store's. */
  input(generatedAt: number): MinutesInput {
    let digest = '0'.repeat(64);
    for (const entry of this.log)
      digest = createHash('sha256').update(digest).update(JSON.stringify(entry)).digest('hex');
    const voters: Record<string, string[]> = {};
    for (const { principal, command } of this.log) {
      if (command.type !== 'poll.vote' || principal.delegationId === null) continue;
      const list = voters[command.pollId] ?? [];
      if (!list.includes(principal.delegationId)) list.push(principal.delegationId);
      voters[command.pollId] = list;
    }
    return {
      state: this.world.state,
      notes: readMeetingNotes(this.notesDoc, this.world.state.agenda.order, this.world.state.meta.languages),
      attendance: [...this.attendance],
      log: { commands: this.log.length, digest, intact: true },
      voters,
      generatedAt,
    };
  }
}
