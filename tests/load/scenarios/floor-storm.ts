// Load scenario: floor storm.
import { now, sleep } from '../lib/clock.js';
import { chairOf, liveClients, type RostrumCtx } from '../lib/context.js';
import type { CommandSpec } from '../lib/ipc.js';
import { commandId, ITEMS } from '../lib/meeting.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { ms, summarize } from '../lib/stats.js';
import { serversOf, watchLag } from './rostrum-server.js';

/** Every connected delegate asks for the floor at the same instant. */
export async function floorStorm(
  ctx: RostrumCtx,
  itemId: string = ITEMS.floor,
  id = 'floor-storm',
  title = 'Floor storm: every delegation asks for the floor at once',
): Promise<ScenarioResult> {
  const n = ctx.fleet.clients;
  const { clients: live } = liveClients(ctx);
  // Delegations with someone connected (all of them unless joins failed).
  const D = new Set(live.map((i) => ctx.specs[i]?.delegationId)).size;
  const r = newResult(id, title, n);
  await chairOf(ctx, 0).must({ type: 'agenda.start', itemId });
  await ctx.reader.until((s) => s.current.itemId === itemId, 10_000, 'the floor item to start');
  await sleep(1000);
  const lag = await watchLag(serversOf(ctx), ctx.fleet);
  const probe = await ctx.fleet.arm({ kind: 'queue', itemId, length: D }, 30_000);
  const T = now() + 500;
  const list: CommandSpec[] = live.map((i) => ({
    client: i,
    at: T,
    command: { id: commandId('ask'), type: 'floor.request', kind: 'statement' },
  }));
  const outcomes = await ctx.fleet.commands(list, 20_000);
  const seen = await ctx.fleet.collect(probe);
  await lag(r);
  const lastSent = Math.max(...outcomes.map((o) => o.sentAt));
  r.summaries.push({
    name: 'request → its ack',
    s: summarize(outcomes.map((o) => (o.ackAt === null || !o.ok ? null : o.ackAt - o.sentAt))),
  });
  r.summaries.push({
    name: 'last request sent → full queue on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - lastSent))),
  });
  r.summaries.push({
    name: 'storm start → full queue on each client',
    s: summarize(seen.times.map((t) => (t === null ? null : t - T))),
  });
  const state = await ctx.reader.until(
    (s) => (s.floor.lists[itemId]?.order.length ?? 0) >= D,
    10_000,
    'the full queue',
  );
  const list2 = state.floor.lists[itemId];
  const entries = list2 ? list2.order.map((e) => list2.entries[e]?.delegationId) : [];
  const refused = outcomes.filter((o) => !o.ok);
  // Every person of a delegation gets the delegation's one entry.
  const byDelegation = new Map<string, Set<string>>();
  outcomes.forEach((o, k) => {
    const d = ctx.specs[list[k]?.client ?? -1]?.delegationId ?? '';
    const set = byDelegation.get(d) ?? new Set<string>();
    if (o.createdId) set.add(o.createdId);
    byDelegation.set(d, set);
  });
  const oneEntryEach = [...byDelegation.values()].every((s) => s.size === 1);
  const exact = entries.length === D && new Set(entries).size === D && refused.length === 0 && oneEntryEach;
  r.figures['requests sent (connected delegates)'] = list.length;
  r.figures['requests refused'] = refused.length;
  if (refused.length > 0) r.figures['first refusal'] = refused[0]?.code ?? null;
  r.figures['queue entries'] = entries.length;
  r.figures['one entry per delegation, same entry for all its people'] = exact;
  r.figures['sending spread (first → last request sent)'] = ms(lastSent - Math.min(...outcomes.map((o) => o.sentAt)));
  r.targets.push({
    name: `floor storm: one entry per delegation (${D})`,
    target: `${D} entries, none refused`,
    value: `${entries.length} entries, ${refused.length} refused`,
    met: exact,
  });
  return r;
}
