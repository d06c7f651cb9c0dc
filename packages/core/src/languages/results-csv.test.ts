import { describe, expect, it } from 'vitest';
import { resultsCsv, resultsExport } from '../server.js';
import { delegate, frenchArabicWorld, must } from '../testing/languages-world.js';

/** The French and Arabic meeting with a closed roll-call poll, one ballot and a decision. */
function votedWorld() {
  let w = must(frenchArabicWorld(), { type: 'meeting.open' });
  w = must(w, { type: 'poll.open', proposalId: 'prop', method: 'vote', secrecy: 'roll_call', quorum: 0 });
  const pollId = w.state.votes.openPollId ?? '';
  w = must(w, { type: 'poll.vote', pollId, choice: 'support' }, delegate);
  w = must(w, { type: 'poll.close', pollId });
  return must(w, {
    type: 'decision.record',
    agendaItemId: 'labo',
    proposalId: 'prop',
    text: { fr: 'Adoptée.', ar: 'اعتُمد.' },
    outcome: 'adopted',
  });
}

function table(csv: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [head = '', ...lines] = csv.split('\r\n').filter((l) => l !== '');
  const header = head.split(',');
  return {
    header,
    rows: lines.map((l) => Object.fromEntries(l.split(',').map((cell, i) => [header[i] ?? '', cell]))),
  };
}

describe('the results CSV of a meeting held in French and Arabic', () => {
  it('has a column per meeting language for every text, in the meeting’s order, and none for others', () => {
    const { header } = table(resultsCsv(resultsExport(votedWorld(), 5000)));
    const perLanguage = header.filter((c) => /_(en|fr|es|ru|ar)$/.test(c));
    expect(perLanguage).toEqual(['proposal_fr', 'proposal_ar', 'delegation_fr', 'delegation_ar', 'text_fr', 'text_ar']);
  });

  it('fills each language’s cell with that language’s text, empty where it is not translated', () => {
    const report = resultsExport(votedWorld(), 5000);
    expect(report.meeting.languages).toEqual(['fr', 'ar']);
    const { rows } = table(resultsCsv(report));
    const ballot = rows.find((r) => r.record === 'ballot');
    expect(ballot).toMatchObject({ delegation_fr: 'Douane marocaine', delegation_ar: 'الجمارك المغربية' });
    // The proposal's title has no Arabic yet: the cell is empty, not the French copied.
    expect(ballot).toMatchObject({ proposal_fr: 'Création du laboratoire', proposal_ar: '' });
    expect(rows.find((r) => r.record === 'decision')).toMatchObject({ text_fr: 'Adoptée.', text_ar: 'اعتُمد.' });
  });

  it('gains the columns of a language added', () => {
    const w = must(votedWorld(), { type: 'meeting.addLanguage', lang: 'es' });
    const { header } = table(resultsCsv(resultsExport(w, 5000)));
    expect(header.filter((c) => c.startsWith('text_'))).toEqual(['text_fr', 'text_ar', 'text_es']);
  });
});
