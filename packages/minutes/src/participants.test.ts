import { describe, expect, it } from 'vitest';
import { LABELS } from './labels.js';
import { buildMinutes } from './model.js';
import { renderMinutes, type MinutesFormat } from './render.js';
import { collapse, docxText, pdfText, recordedInput } from './testing/index.js';

/**
 * The list of participants (issue #16): an annex of the minutes in every format, by delegation
 * in the roster's order (the people of no delegation last), names and titles only.
 */
const input = {
  ...recordedInput(),
  participants: [
    { delegationId: 'uz', name: 'Bakhodir Saidov', title: 'Chairman, State Customs Committee' },
    { delegationId: null, name: 'Dr. Kunio Mikuriya', title: 'Secretary General' },
    { delegationId: 'uz', name: 'Dilnoza Karimova', title: '' },
    { delegationId: 'az', name: 'Safar Mehdiyev', title: 'Vice-Chair' },
  ],
};
const minutes = buildMinutes(input);

const decode = async (format: MinutesFormat, lang: 'en' | 'ru') => (await renderMinutes(minutes, format, [lang])).body;

describe('the list of participants in the minutes', () => {
  it('groups the people by delegation in the roster order, those of none last', () => {
    const groups = minutes.annexes.participants;
    expect(groups.map((g) => [g.delegationId, g.name?.en ?? null, g.people.map((p) => p.name)])).toEqual([
      ['az', 'Azerbaijan Customs', ['Safar Mehdiyev']],
      ['uz', 'Uzbekistan Customs', ['Bakhodir Saidov', 'Dilnoza Karimova']],
      [null, null, ['Dr. Kunio Mikuriya']],
    ]);
  });

  it('is left out when nobody was named (minutes of earlier releases stay as they were)', async () => {
    const none = buildMinutes(recordedInput());
    expect(none.annexes.participants).toEqual([]);
    const md = new TextDecoder().decode((await renderMinutes(none, 'md', ['en'])).body);
    expect(md).not.toContain(LABELS.en.annexParticipants);
  });

  it.each(['en', 'ru'] as const)('is an annex in Markdown, HTML, DOCX, PDF and JSON, %s', async (lang) => {
    const L = LABELS[lang];
    const lines = [
      L.annexParticipants,
      'Bakhodir Saidov, Chairman, State Customs Committee',
      'Dilnoza Karimova',
      L.otherParticipants,
      'Dr. Kunio Mikuriya, Secretary General',
    ];
    const md = new TextDecoder().decode(await decode('md', lang));
    const html = new TextDecoder().decode(await decode('html', lang));
    const docx = collapse(docxText(await decode('docx', lang)));
    const pdf = collapse(await pdfText(await decode('pdf', lang)));
    for (const line of lines) {
      expect(md).toContain(line);
      expect(html).toContain(line);
      expect(docx).toContain(line);
      expect(pdf.replace(/\s+/g, '')).toContain(line.replace(/\s+/g, ''));
    }
    // The annex comes after the timing annex and before the record.
    expect(md.indexOf(L.annexParticipants)).toBeGreaterThan(md.indexOf(L.annexTiming));
    expect(md.indexOf(L.annexParticipants)).toBeLessThan(md.indexOf(L.record));
    const json = JSON.parse(new TextDecoder().decode(await decode('json', lang))) as typeof minutes;
    expect(json.annexes.participants).toEqual(minutes.annexes.participants);
  });
});
