// Load setup: three hours of meeting history, before the scenarios.
import { now } from '../lib/clock.js';
import { chairOf, type RostrumCtx } from '../lib/context.js';
import { Commander, HAS_VOTES, HISTORY_ITEMS, PROPOSALS } from '../lib/meeting.js';
import { newResult, type ScenarioResult } from '../lib/report.js';
import { kb, ms } from '../lib/stats.js';

const bi = (en: string, ru: string) => ({ en, ru });

/**
 * Plays the first three hours of a meeting as fast as the server takes it: 30 items of six
 * minutes, each with a dozen floor requests (two withdrawn), ten speeches, an agenda move by
 * the secretariat, and three polls with their decisions. The result is the document, store and
 * command log a latecomer finds.
 */
export async function playHistory(ctx: RostrumCtx): Promise<ScenarioResult> {
  const r = newResult('history', 'Setup: a meeting already three hours old', 0);
  const started = now();
  const speakers = await Promise.all(
    ctx.delegations.slice(0, 40).map((d) => Commander.connect(ctx.url, ctx.tokens.get(d)?.[0] ?? '')),
  );
  let k = 0;
  let commands = 0;
  const chair = () => chairOf(ctx, k++);
  const must = async (c: Commander, input: { type: string } & Record<string, unknown>) => {
    commands += 1;
    return c.must(input);
  };
  await must(chair(), { type: 'meeting.open' });
  for (const [i, itemId] of HISTORY_ITEMS.entries()) {
    await must(chair(), { type: 'agenda.start', itemId });
    const askers = Array.from({ length: 12 }, (_, j) => speakers[(i * 12 + j) % speakers.length]).filter(
      (s): s is Commander => s !== undefined,
    );
    const asked = await Promise.all(
      askers.map((s, j) => must(s, { type: 'floor.request', kind: j % 6 === 5 ? 'reply' : 'statement' })),
    );
    for (const [j, ack] of asked.slice(0, 2).entries()) {
      const asker = askers[j];
      if (asker && ack.createdId) await must(asker, { type: 'floor.withdraw', entryId: ack.createdId });
    }
    for (let s = 0; s < 10; s++) {
      commands += 1;
      const ack = await chair().send({ type: 'floor.next' });
      if (!ack.ok && ack.reason !== 'queue_empty') throw new Error(`floor.next refused: ${ack.code}`);
    }
    commands += 1;
    await chair().send({ type: 'floor.end' });
    await must(ctx.secretariat, {
      type: 'agenda.move',
      itemId: HISTORY_ITEMS[HISTORY_ITEMS.length - 1] ?? itemId,
      toIndex: HISTORY_ITEMS.length - 1 - (i % 3),
    });
    const proposalId = HAS_VOTES ? PROPOSALS.history[[9, 18, 27].indexOf(i)] : undefined;
    if (proposalId) {
      const open = await must(chair(), {
        type: 'poll.open',
        proposalId,
        method: 'vote',
        secrecy: i === 18 ? 'anonymous' : 'roll_call',
        quorum: 0.5,
      });
      const pollId = open.createdId ?? '';
      await Promise.all(
        speakers.map((s, j) => must(s, { type: 'poll.vote', pollId, choice: j % 5 === 0 ? 'object' : 'support' })),
      );
      await must(chair(), { type: 'poll.close', pollId });
      await must(chair(), {
        type: 'decision.record',
        agendaItemId: itemId,
        pollId,
        text: bi('The meeting supported the proposal.', 'Совещание поддержало предложение.'),
        outcome: 'supported',
      });
    }
  }
  for (const s of speakers) s.close();
  const state = await ctx.reader.until(
    (s) => s.current.itemId === HISTORY_ITEMS.at(-1),
    10_000,
    'the history to reach the reader',
  );
  r.figures['commands played'] = commands;
  r.figures['time to play'] = ms(now() - started);
  r.figures['agenda items done'] = Object.values(state.agenda.items).filter((i) => i.status === 'done').length;
  r.figures['speeches'] = Object.keys(state.floor.speeches).length;
  r.figures['polls'] = HAS_VOTES ? state.votes.pollOrder.length : 'votes not built';
  r.figures['document size (full state update)'] = kb(ctx.reader.encodedBytes());
  r.figures['meeting revision'] = state.meta.revision;
  return r;
}
