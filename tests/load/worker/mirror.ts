import * as Y from 'yjs';
import { probes, shows } from './probe-registry.js';

/**
 * Wire clients keep no document, but the worker keeps a *mirror* of it per server node: every
 * update a node broadcasts is byte-identical for all its clients (encoded once), so the first
 * wire client to receive an update applies it to its node's mirror, and whether it completes an
 * armed probe is decided once for all clients of that node. A wire client sees a change when it
 * receives the update that made it. One mirror per node, because nodes of a cluster encode
 * their own messages: a node that caught up from the store sends several commits merged into
 * one update, another node sends them one by one; each node's stream is consistent only with itself.
 */
export type Mirror = {
  doc: Y.Doc;
  seeded: boolean;
  /** update (as a string key) → the ids of the probes it completed. */
  completions: Map<string, string[]>;
  /** Probes this node's stream has completed already. */
  completed: Set<string>;
};

/** Node URL → its mirror. */
export const mirrors = new Map<string, Mirror>();

export function mirrorOf(url: string): Mirror {
  let m = mirrors.get(url);
  if (!m) {
    m = { doc: new Y.Doc(), seeded: false, completions: new Map(), completed: new Set() };
    mirrors.set(url, m);
  }
  return m;
}

function updateKey(update: Uint8Array): string {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1');
}

/** Applies an update to the node's mirror once; returns the probes it completed. */
export function throughMirror(m: Mirror, update: Uint8Array): readonly string[] {
  const key = updateKey(update);
  const known = m.completions.get(key);
  if (known) return known;
  const waiting = [...probes.entries()].filter(([id, p]) => !m.completed.has(id) && !shows(m.doc, p.probe));
  Y.applyUpdate(m.doc, update);
  const done = waiting.filter(([, p]) => shows(m.doc, p.probe)).map(([id]) => id);
  for (const id of done) m.completed.add(id);
  if (m.completions.size > 10_000) m.completions.clear();
  m.completions.set(key, done);
  return done;
}
