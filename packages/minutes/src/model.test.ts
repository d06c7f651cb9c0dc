import { describe, expect, it } from 'vitest';
import { attendanceSpans, buildMinutes, cleanText } from './model.js';
import { brussels, FIXTURE_GENERATED_AT, HOSTILE, recordedInput, recordedMeeting } from './testing/index.js';

const MIN = 60_000;

describe('the minutes model of a recorded meeting', () => {
  const input = recordedInput();
  const minutes = buildMinutes(input);

  it('has the header from the record: title, times in order, chair and presenters', () => {
    expect(minutes.meeting.title.en).toBe('WCO Europe Region Heads of Customs Meeting');
    expect(minutes.meeting.status).toBe('closed');
    expect(minutes.meeting.openedAt).toBe(brussels(10, 0));
    expect(minutes.meeting.closedAt).toBe(brussels(11, 19));
    expect(minutes.meeting.durationMs).toBe(79 * MIN);
    // The deferred item (30 min) is not part of the plan.
    expect(minutes.meeting.plannedMs).toBe((10 + 15 + 20 + 15 + 10 + 5) * MIN);
    expect(minutes.meeting.chair.delegation?.en).toBe('Azerbaijan Customs');
    expect(minutes.meeting.presenters.map((p) => p.name.en)).toEqual([
      'Safar Mehdiyev',
      'Dr. Kunio Mikuriya',
      'Eser Çengel',
      'Uzbekistan Customs representative',
    ]);
  });

  it('lists every agenda item in order with actual times against the plan', () => {
    expect(minutes.items.map((i) => [i.number, i.id, i.status])).toEqual([
      [1, 'opening', 'done'],
      [2, 'sg-address', 'done'],
      [3, 'rocb-report', 'done'],
      [4, 'council', 'deferred'],
      [5, 'uz-lab', 'done'],
      [6, 'aob', 'done'],
      [7, 'closing', 'done'],
    ]);
    const opening = minutes.items[0];
    expect(opening?.startedAt).toBe(brussels(10, 0, 30));
    expect(opening?.endedAt).toBe(brussels(10, 11));
    expect(opening?.actualMs).toBe(10.5 * MIN);
    expect(opening?.plannedMs).toBe(10 * MIN);
    expect(minutes.items[2]?.documents).toEqual([
      {
        title: { en: 'Written report', ru: 'Письменный доклад' },
        url: 'https://example.org/rocb-report-2021.pdf',
        files: { en: null, ru: null },
      },
    ]);
    expect(opening?.documents).toEqual([]);
    const council = minutes.items[3];
    expect(council?.startedAt).toBeNull();
    expect(council?.actualMs).toBe(0);
  });

  it('lists the speakers of each item in order with their speaking time', () => {
    const rocb = minutes.items.find((i) => i.id === 'rocb-report');
    expect(rocb?.speeches.map((s) => [s.speaker?.en, s.kind, s.spokeMs / 1000])).toEqual([
      ['Eser Çengel', 'presentation', 17 * 60 + 40],
      ['Ukraine Customs', 'statement', 210],
      ['Azerbaijan Customs', 'point_of_order', 40],
    ]);
    const opening = minutes.items.find((i) => i.id === 'opening');
    // A presenter of a delegation is named with it.
    expect(opening?.speeches[0]?.speaker?.en).toBe('Safar Mehdiyev');
    expect(opening?.speeches[0]?.delegation?.en).toBe('Azerbaijan Customs');
  });

  it('carries the notes per item and language, and nothing for an item nobody wrote about', () => {
    // A meeting stored before meetings had languages: its notes are its original's (English).
    expect(minutes.meeting.languages).toEqual(['en', 'ru']);
    expect(minutes.items.find((i) => i.id === 'sg-address')?.notes.en).toContain('Генеральный секретарь');
    expect(minutes.items.find((i) => i.id === 'aob')?.notes).toEqual({ en: HOSTILE.notes });
    expect(minutes.items.find((i) => i.id === 'closing')?.notes).toEqual({});
  });

  it('shows a roll-call poll delegation by delegation, with totals and the decision', () => {
    const lab = minutes.items.find((i) => i.id === 'uz-lab');
    const proposal = lab?.proposals.find((p) => p.id === 'lab');
    const poll = proposal?.polls[0];
    expect(poll?.secrecy).toBe('roll_call');
    expect(poll?.result?.tally).toEqual({ support: 4, object: 1, abstain: 1 });
    expect(poll?.result?.outcome).toBe('passed');
    expect(poll?.rollCall?.map((v) => [v.delegationId, v.choice])).toEqual([
      ['az', 'support'],
      ['de', 'object'],
      ['kz', 'support'],
      ['tr', 'abstain'],
      ['ua', 'support'],
      ['uz', 'support'],
    ]);
    expect(poll?.voters).toBeNull();
    expect(lab?.decisions.map((d) => [d.outcome, d.proposalTitle?.en])).toEqual([
      ['supported', 'Regional Customs Laboratory in Tashkent'],
      ['noted', 'Working group on laboratory standards'],
    ]);
  });

  it('shows an anonymous poll by totals and who voted, never what anyone chose', () => {
    const lab = minutes.items.find((i) => i.id === 'uz-lab');
    const poll = lab?.proposals[1]?.polls[0];
    expect(poll?.secrecy).toBe('anonymous');
    expect(poll?.rollCall).toBeNull();
    expect(poll?.result?.tally).toEqual({ support: 2, object: 1, abstain: 0 });
    expect(poll?.voters?.map((v) => v.delegationId)).toEqual(['az', 'kz', 'uz']);
    // No per-delegation choice anywhere in the poll: only the totals name choices.
    const json = JSON.stringify(poll);
    expect(json).not.toMatch(/"choice"/);
  });

  it('records attendance from join and leave events, within the meeting', () => {
    const a = minutes.attendance;
    expect(a.entitled).toBe(7);
    expect(a.absent.map((d) => d.delegationId)).toEqual(['by']);
    const ua = a.present.find((d) => d.delegationId === 'ua');
    expect(ua?.spans).toEqual([{ from: brussels(10, 40), to: brussels(11, 5) }]);
    expect(ua?.presentMs).toBe(25 * MIN);
    const de = a.present.find((d) => d.delegationId === 'de');
    expect(de?.spans).toEqual([{ from: brussels(9, 55), to: null }]);
    // Counted from the opening to the close, not from the first connection.
    expect(de?.presentMs).toBe(79 * MIN);
  });

  it('sums speaking time per delegation (presenters of none by name) and planned vs actual per item', () => {
    const az = minutes.annexes.speakingTime.find((r) => r.key === 'delegation:az');
    // Two presentations by the Vice-Chair (of Azerbaijan) and a point of order.
    expect(az?.speeches).toBe(3);
    expect(az?.totalMs).toBe((6 * 60 + 40 + 2 * 60) * 1000);
    expect(minutes.annexes.speakingTime.find((r) => r.key === 'presenter:sg')?.name.en).toBe('Dr. Kunio Mikuriya');
    expect(minutes.annexes.speakingTime[0]?.key).toBe('presenter:rocb');
    expect(minutes.annexes.timing.map((r) => Math.round(r.actualMs / MIN))).toEqual([11, 16, 23, 0, 18, 7, 4]);
  });

  it('carries the log digest and the time it was generated', () => {
    expect(minutes.record).toEqual(input.log);
    expect(minutes.generatedAt).toBe(FIXTURE_GENERATED_AT);
  });

  it('is pure: the same record gives the same minutes, and the input is not changed', () => {
    const again = recordedInput();
    const before = JSON.stringify(again);
    expect(buildMinutes(again)).toEqual(minutes);
    expect(JSON.stringify(again)).toBe(before);
  });

  it('shows a meeting under way as such: the running item counts up to now', () => {
    const s = recordedMeeting();
    const open = buildMinutes({
      ...s.input(FIXTURE_GENERATED_AT),
      state: { ...s.world.state, meta: { ...s.world.state.meta, status: 'open', closedAt: null } },
    });
    expect(open.meeting.durationMs).toBe(90 * MIN);
  });
});

describe('attendance spans', () => {
  it('pairs joins with leaves and ignores a repeated join or a stray leave', () => {
    const spans = attendanceSpans([
      { delegationId: 'a', kind: 'leave', at: 1 },
      { delegationId: 'a', kind: 'join', at: 2 },
      { delegationId: 'a', kind: 'join', at: 3 },
      { delegationId: 'a', kind: 'leave', at: 5 },
      { delegationId: 'a', kind: 'join', at: 8 },
    ]);
    expect(spans.get('a')).toEqual([
      { from: 2, to: 5 },
      { from: 8, to: null },
    ]);
  });
});

describe('cleanText', () => {
  it('drops characters no document can carry and keeps the rest', () => {
    expect(cleanText('a\u0000b\u0007c\r\nd\te\u{1F600}\uD800f')).toBe('abc\nd\te\u{1F600}f');
  });
});
