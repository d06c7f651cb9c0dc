// Commands at given times, each with its ack
import { sleepUntil, now } from '../lib/clock.js';
import { errorMessage, type CommandOutcome, type CommandSpec } from '../lib/ipc.js';
import type { Client } from './client.js';

export async function commands(
  clients: readonly Client[],
  list: CommandSpec[],
  timeoutMs: number,
): Promise<CommandOutcome[]> {
  return Promise.all(
    list.map(async ({ client: index, at, command }) => {
      await sleepUntil(at);
      const socket = clients[index]?.socket;
      const sentAt = now();
      if (!socket) return { sentAt, ackAt: null, ok: false, code: 'no_client', createdId: null };
      try {
        const ack: unknown = await socket.timeout(timeoutMs).emitWithAck('command', command);
        const ackAt = now();
        if (typeof ack !== 'object' || ack === null || !('ok' in ack))
          return { sentAt, ackAt, ok: false, code: 'bad_ack', createdId: null };
        if (ack.ok === true && 'data' in ack && typeof ack.data === 'object' && ack.data !== null) {
          const createdId =
            'createdId' in ack.data && typeof ack.data.createdId === 'string' ? ack.data.createdId : null;
          return { sentAt, ackAt, ok: true, code: null, createdId };
        }
        const code =
          'error' in ack && typeof ack.error === 'object' && ack.error !== null && 'code' in ack.error
            ? String(ack.error.code)
            : 'error';
        return { sentAt, ackAt, ok: false, code, createdId: null };
      } catch (err) {
        return { sentAt, ackAt: null, ok: false, code: `no_ack: ${errorMessage(err)}`, createdId: null };
      }
    }),
  );
}
