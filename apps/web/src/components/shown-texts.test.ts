import { describe, expect, it } from 'vitest';
import { shownInEach } from './shown-texts.js';

const FR_EN_AR = ['fr', 'en', 'ar'] as const;

describe('shownInEach', () => {
  it('shows a text in each language asked, in that order', () => {
    const lines = shownInEach({ fr: 'Ouverture', ar: 'افتتاح' }, ['ar', 'fr'], FR_EN_AR);
    expect(lines).toEqual([
      { reader: 'ar', shown: { text: 'افتتاح', lang: 'ar', state: 'reading' } },
      { reader: 'fr', shown: { text: 'Ouverture', lang: 'fr', state: 'reading' } },
    ]);
  });

  it('shows a missing translation as the original, marked, when the original is not already shown', () => {
    const lines = shownInEach({ fr: 'Ouverture', en: 'Opening' }, ['en', 'ar'], FR_EN_AR);
    expect(lines.map((l) => l.shown)).toEqual([
      { text: 'Opening', lang: 'en', state: 'reading' },
      { text: 'Ouverture', lang: 'fr', state: 'untranslated' },
    ]);
  });

  it('never shows the same original twice', () => {
    const lines = shownInEach({ fr: 'Ouverture' }, ['fr', 'ar'], FR_EN_AR);
    expect(lines).toEqual([{ reader: 'fr', shown: { text: 'Ouverture', lang: 'fr', state: 'reading' } }]);
  });
});
