// The probes armed in this worker, and whether a document shows what one waits for: read by
// the mirrors (mirror.ts) and by the clients' own documents (probes.ts).
import * as Y from 'yjs';
import type { Probe } from '../lib/ipc.js';

export type Armed = { probe: Probe; times: Array<number | null>; updateBytes: number | null; done: Promise<void> };
export const probes = new Map<string, Armed>();

function ymap(parent: Y.Map<unknown> | null, key: string): Y.Map<unknown> | null {
  const v = parent?.get(key);
  return v instanceof Y.Map ? v : null;
}

/** Whether a document shows what the probe waits for. */
export function shows(doc: Y.Doc, probe: Probe): boolean {
  switch (probe.kind) {
    case 'seq': {
      const seq = doc.getMap('bench').get('seq');
      return typeof seq === 'number' && seq >= probe.seq;
    }
    case 'current':
      return doc.getMap('current').get('itemId') === probe.itemId;
    case 'queue': {
      const order = ymap(ymap(doc.getMap('floor'), 'lists'), probe.itemId)?.get('order');
      return Array.isArray(order) && order.length >= probe.length;
    }
    case 'votes': {
      const poll = ymap(ymap(doc.getMap('votes'), 'polls'), probe.pollId);
      if (!poll || poll.get('votedCount') !== probe.count) return false;
      const tally = ymap(poll, 'tally');
      if (!tally) return true; // anonymous poll: the count is what is public while it is open
      const sum = ['support', 'object', 'abstain'].reduce((s, k) => s + (Number(tally.get(k)) || 0), 0);
      return sum === probe.count;
    }
  }
}
