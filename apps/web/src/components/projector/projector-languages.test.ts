import { describe, expect, it } from 'vitest';
import { projectorLanguages } from './projector-languages.js';

const FR_EN_AR = ['fr', 'en', 'ar'] as const;

describe('projectorLanguages', () => {
  it('shows the reader’s language when the meeting has it, else the original', () => {
    expect(projectorLanguages(null, 'ar', FR_EN_AR)).toEqual(['ar']);
    expect(projectorLanguages(null, 'es', FR_EN_AR)).toEqual(['fr']);
    expect(projectorLanguages('', 'en', FR_EN_AR)).toEqual(['en']);
  });

  it('takes any one language of the meeting', () => {
    expect(projectorLanguages('ar', 'en', FR_EN_AR)).toEqual(['ar']);
    expect(projectorLanguages('FR', 'en', FR_EN_AR)).toEqual(['fr']);
  });

  it('takes two languages in the order asked, whether the + was encoded or read as a space', () => {
    expect(projectorLanguages('fr+ar', 'en', FR_EN_AR)).toEqual(['fr', 'ar']);
    expect(projectorLanguages('ar fr', 'en', FR_EN_AR)).toEqual(['ar', 'fr']);
    expect(projectorLanguages('en,ar', 'fr', FR_EN_AR)).toEqual(['en', 'ar']);
  });

  it('keeps at most two languages, each once', () => {
    expect(projectorLanguages('fr+en+ar', 'en', FR_EN_AR)).toEqual(['fr', 'en']);
    expect(projectorLanguages('ar+ar', 'en', FR_EN_AR)).toEqual(['ar']);
  });

  it('leaves out a language the meeting does not have', () => {
    expect(projectorLanguages('ru+ar', 'en', FR_EN_AR)).toEqual(['ar']);
    expect(projectorLanguages('ru', 'en', FR_EN_AR)).toEqual(['en']);
    expect(projectorLanguages('xx', 'es', FR_EN_AR)).toEqual(['fr']);
  });

  it('reads "both" as the meeting’s first two languages, English and Russian for older meetings', () => {
    expect(projectorLanguages('both', 'fr', ['en', 'ru'])).toEqual(['en', 'ru']);
    expect(projectorLanguages('both', 'en', FR_EN_AR)).toEqual(['fr', 'en']);
    expect(projectorLanguages('both', 'en', ['es'])).toEqual(['es']);
  });
});
