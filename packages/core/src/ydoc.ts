import * as Y from 'yjs';
import { meetingStateSchema, type MeetingState } from './state.js';

/**
 * The meeting's Yjs document has one top-level map per part of the state (meta, roster,
 * agenda, current). Plain objects become nested Y.Maps, so a change touches only the keys
 * that changed and the update stays small; arrays and scalars are stored as values and
 * replaced only when they differ.
 */
export const MEETING_DOC_PARTS = ['meta', 'roster', 'agenda', 'current', 'floor', 'votes'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The object last written into each map. The rules never modify a state: they return new
 * objects along the paths that change and share the rest, so a map whose object is the one it
 * was last written from is unchanged and skipped without comparing anything. Writing the state
 * of a meeting hours old then costs what changed, not the size of the record.
 */
const lastWritten = new WeakMap<Y.Map<unknown>, Record<string, unknown>>();

function syncMap(target: Y.Map<unknown>, value: Record<string, unknown>): void {
  if (lastWritten.get(target) === value) return;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const existing = target.get(key);
    if (isPlainObject(v)) {
      if (existing instanceof Y.Map) syncMap(existing, v);
      else {
        const child = new Y.Map<unknown>();
        target.set(key, child);
        syncMap(child, v);
      }
    } else if (existing instanceof Y.AbstractType || !jsonEqual(existing, v)) {
      target.set(key, v as Json);
    }
  }
  for (const key of [...target.keys()]) {
    if (!(key in value) || value[key] === undefined) target.delete(key);
  }
  lastWritten.set(target, value);
}

/**
 * Writes the state into the document, changing only what differs. Call inside a transaction.
 * The state must not be modified after it was written (the rules never do): parts that are the
 * same objects as last time are skipped.
 */
export function writeState(doc: Y.Doc, state: MeetingState): void {
  for (const part of MEETING_DOC_PARTS) syncMap(doc.getMap(part), state[part]);
}

/** The raw JSON of the document's parts, before validation. */
export function readDocJson(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(MEETING_DOC_PARTS.map((part) => [part, doc.getMap(part).toJSON()]));
}

/** Reads and validates the state; null while the document is empty or incomplete (not synced yet). */
export function readState(doc: Y.Doc): MeetingState | null {
  const parsed = meetingStateSchema.safeParse(readDocJson(doc));
  return parsed.success ? parsed.data : null;
}

export type MeetingDocPart = (typeof MEETING_DOC_PARTS)[number];

/** Any subset of the parts, each validated as in the whole state. */
const statePartsSchema = meetingStateSchema.partial();

/**
 * The state of a document that keeps changing (a client's copy, a node's copy updated by the
 * others), read again only where it changed: each transaction marks the parts (top-level maps)
 * it touched, and `read` parses just those. The record of a meeting hours old is mostly speeches,
 * polls and decisions that no longer change; reading all of it after every ballot cost a client
 * milliseconds per update and a node of a cluster its turn under the meeting's lock. Parts read
 * before keep their objects, so whoever compares by identity (React, `writeState`) skips them.
 */
export class MeetingStateReader {
  private state: MeetingState | null = null;
  private readonly dirty = new Set<MeetingDocPart>(MEETING_DOC_PARTS);
  /** The top-level map of each part: a transaction lists every type it changed and their ancestors. */
  private readonly partOf: Map<unknown, MeetingDocPart>;
  private readonly onTransaction = (tr: Y.Transaction) => {
    // The owner's own writes: it adopts the state it wrote (see `adopt`).
    if (this.ownOrigin !== undefined && tr.origin === this.ownOrigin) return;
    let marked = false;
    for (const type of tr.changedParentTypes.keys()) {
      const part = this.partOf.get(type);
      if (part !== undefined) {
        this.dirty.add(part);
        marked = true;
      }
    }
    // A change outside the known parts is not expected; re-reading everything is always right.
    if (!marked && tr.changed.size > 0) for (const part of MEETING_DOC_PARTS) this.dirty.add(part);
  };

  private readonly ownOrigin: unknown;

  /**
   * `state`: what the document holds now, when the caller knows it (it was just read or written).
   * `ownOrigin`: the origin of the caller's own transactions, which it `adopt`s instead of re-reading.
   */
  constructor(
    private readonly doc: Y.Doc,
    opts: { state?: MeetingState; ownOrigin?: unknown } = {},
  ) {
    this.partOf = new Map(MEETING_DOC_PARTS.map((part) => [doc.getMap(part), part]));
    this.ownOrigin = opts.ownOrigin;
    if (opts.state) {
      this.state = opts.state;
      this.dirty.clear();
    }
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The state, or null while the document is empty or incomplete (not synced yet). */
  read(): MeetingState | null {
    if (this.dirty.size === 0) return this.state;
    if (this.state === null) {
      this.state = readState(this.doc);
      if (this.state !== null) this.dirty.clear();
      return this.state;
    }
    const parsed = statePartsSchema.safeParse(
      Object.fromEntries([...this.dirty].map((part) => [part, this.doc.getMap(part).toJSON()])),
    );
    // Incomplete (not synced yet): keep the parts marked, so the next read tries them again.
    if (!parsed.success) return null;
    this.dirty.clear();
    this.state = { ...this.state, ...parsed.data };
    return this.state;
  }

  /**
   * Takes `state` as what the owner's own transaction (`ownOrigin`) wrote with `writeState`: the
   * owner never re-reads what it wrote itself, and its objects keep their identity for the next
   * write. Parts others changed and nobody has read yet stay marked, and the next `read` parses
   * them on top of it.
   */
  adopt(state: MeetingState): void {
    this.state = state;
  }

  /** Whether changes of others wait to be read. */
  get stale(): boolean {
    return this.dirty.size > 0;
  }

  /** Stops following the document. */
  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }
}
