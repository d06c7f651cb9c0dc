import { describe, expect, it } from 'vitest';
import { meetingDefinitionSchema } from '../index.js';
import { initialState } from '../server.js';
import { chair, created, def, head, must, openMeeting, run, secretariat, withPoll } from '../testing/votes-world.js';

describe('proposals', () => {
  it('come from the meeting definition, and cross-references are checked', () => {
    const s = initialState('m1', def);
    expect(s.votes.proposalOrder).toEqual(['uz-lab-proposal']);
    expect(s.votes.proposals['uz-lab-proposal']).toMatchObject({ sponsorDelegationId: 'uz', documents: [] });
    const bad = meetingDefinitionSchema.safeParse({
      ...def,
      proposals: [
        { id: 'p', agendaItemId: 'nope', title: def.title, text: def.title, sponsorDelegationId: 'xx' },
        { id: 'p', agendaItemId: 'aob', title: def.title, text: def.title },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown agenda item "nope"'),
        expect.stringContaining('unknown sponsor "xx"'),
        expect.stringContaining('duplicate proposal id "p"'),
      ]),
    );
  });

  it('are added and edited live by the chair or secretariat, but not while under vote', () => {
    let w = openMeeting();
    const add = {
      type: 'proposal.add',
      agendaItemId: 'aob',
      title: { en: 'New', ru: 'Новое' },
      text: { en: 'Text', ru: 'Текст' },
    } as const;
    expect(run(w, add, head('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(w, { ...add, agendaItemId: 'nope' }, secretariat)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
    expect(run(w, { ...add, sponsorDelegationId: 'xx' }, secretariat)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const { world, id } = created(
      w,
      { ...add, documents: [{ title: { en: 'Doc', ru: 'Док' }, url: 'https://example.org/doc.pdf' }] },
      secretariat,
    );
    w = world;
    expect(w.state.votes.proposalOrder).toEqual(['uz-lab-proposal', id]);
    w = must(w, { type: 'proposal.edit', proposalId: id, title: { en: 'Renamed', ru: 'Переименовано' } }, chair);
    expect(w.state.votes.proposals[id]).toMatchObject({
      title: { en: 'Renamed' },
      text: { en: 'Text' },
      documents: [{ url: 'https://example.org/doc.pdf' }],
    });
    const { world: voting } = created(w, {
      type: 'poll.open',
      proposalId: id,
      method: 'vote',
      secrecy: 'anonymous',
      quorum: 0,
    });
    expect(
      run(voting, { type: 'proposal.edit', proposalId: id, text: { en: 'Changed', ru: 'Изменено' } }, chair),
    ).toMatchObject({ ok: false, error: { reason: 'proposal_in_vote' } });
    expect(
      run(
        voting,
        { type: 'proposal.edit', proposalId: 'uz-lab-proposal', text: { en: 'Changed', ru: 'Изменено' } },
        chair,
      ).ok,
    ).toBe(true);
  });
});

describe('decisions', () => {
  const wording = { en: 'The meeting supported the proposal.', ru: 'Участники совещания поддержали предложение.' };

  it('are recorded from a closed poll, linked to its proposal, and shown for read-back', () => {
    const { world: start, pollId } = withPoll();
    let world = start;
    expect(
      run(
        world,
        { type: 'decision.record', agendaItemId: 'uz-lab', pollId, text: wording, outcome: 'supported' },
        chair,
      ),
    ).toMatchObject({
      ok: false,
      error: { reason: 'poll_still_open' },
    });
    world = must(world, { type: 'poll.close', pollId }, chair);
    const { world: w, id } = created(
      world,
      { type: 'decision.record', agendaItemId: 'uz-lab', pollId, text: wording, outcome: 'supported' },
      chair,
      { now: 5000 },
    );
    expect(w.state.votes.decisions[id]).toEqual({
      id,
      agendaItemId: 'uz-lab',
      proposalId: 'uz-lab-proposal',
      pollId,
      text: wording,
      outcome: 'supported',
      recordedAt: 5000,
      updatedAt: null,
    });
    const shown = must(w, { type: 'decision.readBack', decisionId: id }, chair);
    expect(shown.state.votes.readBack).toBe(id);
    expect(must(shown, { type: 'decision.readBack', decisionId: null }, chair).state.votes.readBack).toBeNull();
    expect(run(w, { type: 'decision.readBack', decisionId: id }, secretariat)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(run(w, { type: 'decision.readBack', decisionId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'decision_not_found' },
    });
    const edited = must(w, { type: 'decision.edit', decisionId: id, outcome: 'adopted' }, secretariat, { now: 6000 });
    expect(edited.state.votes.decisions[id]).toMatchObject({ outcome: 'adopted', text: wording, updatedAt: 6000 });
  });

  it('exist without a vote, and refuse unknown references', () => {
    const w = openMeeting();
    const noted = {
      type: 'decision.record',
      agendaItemId: 'aob',
      text: { en: 'The meeting took note of the report.', ru: 'Участники приняли доклад к сведению.' },
      outcome: 'noted',
    } as const;
    const { world, id } = created(w, noted, secretariat);
    expect(world.state.votes.decisions[id]).toMatchObject({ proposalId: null, pollId: null, outcome: 'noted' });
    expect(run(w, { ...noted, agendaItemId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'item_not_found' },
    });
    expect(run(w, { ...noted, pollId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'poll_not_found' },
    });
    expect(run(w, { ...noted, proposalId: 'nope' }, chair)).toMatchObject({
      ok: false,
      error: { reason: 'proposal_not_found' },
    });
    expect(run(w, noted, head('uz'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
