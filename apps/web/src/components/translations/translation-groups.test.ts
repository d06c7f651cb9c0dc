import { describe, expect, it } from 'vitest';
import type { MeetingTextEntry } from '@rostrum/core';
import { firstLanguageToTranslate, groupTexts, maxLengthOf } from './translation-groups.js';

/** A meeting held in English and French, as `meetingTexts` lists it: the meeting first, then the agenda… */
const entries: MeetingTextEntry[] = [
  { target: { kind: 'meeting.title' }, text: { en: 'Europe Region Heads of Customs', fr: 'Réunion des DG' } },
  { target: { kind: 'chair.name' }, text: { en: 'Vice-Chair' } },
  { target: { kind: 'item.title', itemId: 'opening' }, text: { en: 'Opening' } },
  { target: { kind: 'document.title', itemId: 'opening', index: 0 }, text: { en: 'Agenda', fr: 'Ordre du jour' } },
  { target: { kind: 'delegation.name', delegationId: 'mt' }, text: { en: 'Malta' } },
  { target: { kind: 'decision.text', decisionId: 'd1' }, text: { en: 'Adopted.', fr: 'Adoptée.' } },
];

describe('the texts a translator goes through', () => {
  it('groups the texts in the panel order, each group in the meeting order, and counts what is missing', () => {
    const groups = groupTexts(entries, 'fr', { onlyMissing: false });
    expect(groups.map((g) => [g.group, g.rows.map((r) => r.key), g.missing])).toEqual([
      ['meeting', ['meeting.title', 'chair.name'], 1],
      ['agenda', ['item.title:opening', 'document.title:opening:0'], 1],
      ['delegations', ['delegation.name:mt'], 1],
      ['decisions', ['decision.text:d1'], 0],
    ]);
    expect(groups[1]?.rows.map((r) => r.missing)).toEqual([true, false]);
  });

  it('lists only the missing texts when asked, keeping those just translated here', () => {
    const groups = groupTexts(entries, 'fr', { onlyMissing: true, keep: new Set(['document.title:opening:0']) });
    expect(groups.map((g) => [g.group, g.rows.map((r) => r.key)])).toEqual([
      ['meeting', ['chair.name']],
      ['agenda', ['item.title:opening', 'document.title:opening:0']],
      ['delegations', ['delegation.name:mt']],
    ]);
  });

  it('finds nothing missing in the original', () => {
    const groups = groupTexts(entries, 'en', { onlyMissing: true });
    expect(groups).toEqual([]);
  });

  it('opens on the first language with texts to translate, else the first translation, else the original', () => {
    expect(firstLanguageToTranslate(['en', 'fr', 'es'], { en: 0, fr: 0, es: 4 })).toBe('es');
    expect(firstLanguageToTranslate(['en', 'fr', 'es'], { en: 0, fr: 0, es: 0 })).toBe('fr');
    expect(firstLanguageToTranslate(['ar'], { ar: 0 })).toBe('ar');
  });

  it('allows each kind of text the length the server allows it', () => {
    expect(maxLengthOf('item.title')).toBe(300);
    expect(maxLengthOf('delegation.name')).toBe(160);
    expect(maxLengthOf('proposal.text')).toBe(4000);
    expect(maxLengthOf('decision.text')).toBe(2000);
  });
});
