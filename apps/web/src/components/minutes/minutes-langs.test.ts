import { describe, expect, it } from 'vitest';
import { minutesFileName, minutesLangParam, secondLanguages } from './minutes-langs.js';

describe('the languages of the minutes to download', () => {
  it('asks for one language, or two side by side in the order chosen', () => {
    expect(minutesLangParam({ first: 'fr', second: null })).toBe('fr');
    expect(minutesLangParam({ first: 'ar', second: 'en' })).toBe('ar+en');
    expect(minutesLangParam({ first: 'en', second: 'en' })).toBe('en');
    // In a URL the plus sign is encoded, as the server expects.
    expect(encodeURIComponent(minutesLangParam({ first: 'es', second: 'ru' }))).toBe('es%2Bru');
  });

  it('names the file with its languages, as the server does', () => {
    expect(minutesFileName('hoc-2026', 'pdf', { first: 'fr', second: 'en' })).toBe('minutes-hoc-2026-fr-en.pdf');
    expect(minutesFileName('hoc-2026', 'docx', { first: 'ar', second: null })).toBe('minutes-hoc-2026-ar.docx');
    expect(minutesFileName('hoc-2026', 'json', { first: 'ar', second: 'en' })).toBe('minutes-hoc-2026.json');
  });

  it('offers as a second column every other language of the meeting', () => {
    expect(secondLanguages(['fr', 'en', 'ar'], 'en')).toEqual(['fr', 'ar']);
    expect(secondLanguages(['es'], 'es')).toEqual([]);
  });
});
