// Probes: when does each client see it?
import { now } from '../lib/clock.js';
import type { CollectResult, Probe } from '../lib/ipc.js';
import type { Client } from './client.js';
import { mirrors } from './mirror.js';
import { probes, shows, type Armed } from './probe-registry.js';

/** Whether a client already shows it (full clients: their document; Socket.IO baseline: the last message). */
function clientShows(client: Client, probe: Probe): boolean {
  if (probe.kind === 'seq' && client.target === 'sio') return client.lastSeq >= probe.seq;
  return client.doc !== null && shows(client.doc, probe);
}

export function arm(clients: readonly Client[], probeId: string, probe: Probe, timeoutMs: number): void {
  const times: Array<number | null> = clients.map(() => null);
  const armed: Armed = { probe, times, updateBytes: null, done: Promise.resolve() };
  const detach: Array<() => void> = [];
  // Registered first: the mirror consults the armed probes.
  probes.set(probeId, armed);
  armed.done = new Promise<void>((resolve) => {
    let remaining = clients.length;
    const finish = () => {
      clearTimeout(timer);
      for (const d of detach) d();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const seen = (i: number, bytes: number | null) => {
      times[i] = now();
      if (armed.updateBytes === null && bytes !== null) armed.updateBytes = bytes;
      remaining -= 1;
      if (remaining === 0) finish();
    };
    clients.forEach((client, i) => {
      if (client.failed) {
        // Not connected (see the connect results and the error counts): nothing to wait for.
        remaining -= 1;
        return;
      }
      if (
        clientShows(client, probe) ||
        (client.ws !== null && client.mirror.seeded && shows(client.mirror.doc, probe))
      ) {
        // Already there before the trigger: not a measurement of this change.
        remaining -= 1;
        return;
      }
      if (probe.kind === 'seq' && client.target === 'sio') {
        const check = () => {
          if (times[i] !== null || !clientShows(client, probe)) return;
          client.onSeq.delete(check);
          seen(i, null);
        };
        client.onSeq.add(check);
        detach.push(() => client.onSeq.delete(check));
        return;
      }
      const doc = client.doc;
      if (doc) {
        const onUpdate = (update: Uint8Array) => {
          if (times[i] !== null || !clientShows(client, probe)) return;
          doc.off('update', onUpdate);
          seen(i, update.byteLength);
        };
        doc.on('update', onUpdate);
        detach.push(() => doc.off('update', onUpdate));
        return;
      }
      const onWire = (update: Uint8Array, completed: readonly string[]) => {
        if (times[i] !== null || !completed.includes(probeId)) return;
        client.onUpdate.delete(onWire);
        seen(i, update.byteLength);
      };
      client.onUpdate.add(onWire);
      detach.push(() => client.onUpdate.delete(onWire));
    });
    if (remaining <= 0) finish();
  });
}

export async function collect(clients: readonly Client[], probeId: string): Promise<CollectResult> {
  const armed = probes.get(probeId);
  if (!armed) throw new Error(`no probe ${probeId}`);
  await armed.done;
  probes.delete(probeId);
  for (const m of mirrors.values()) m.completed.delete(probeId);
  return { times: armed.times, full: clients.map((c) => c.doc !== null), updateBytes: armed.updateBytes };
}
