import { describe, expect, it } from 'vitest';
import type { Lang } from '@rostrum/core';
import { draftOf, languageName, rebaseText, textFieldProblems, textOfDraft } from './text-fields.js';

const FR_EN_AR: Lang[] = ['fr', 'en', 'ar'];

describe('the fields of a meeting text', () => {
  it('opens a field per meeting language, blank where the text has none', () => {
    expect(draftOf({ fr: 'Ouverture', ar: 'الافتتاح' }, FR_EN_AR)).toEqual({ fr: 'Ouverture', en: '', ar: 'الافتتاح' });
    expect(draftOf(undefined, ['es'])).toEqual({ es: '' });
  });

  it('sends the text trimmed, with blank translations left out', () => {
    expect(textOfDraft({ fr: '  Ouverture ', en: '   ', ar: 'الافتتاح' }, FR_EN_AR)).toEqual({
      fr: 'Ouverture',
      ar: 'الافتتاح',
    });
  });

  it('never sends a language the meeting does not have', () => {
    // A field kept from a draft made before: Russian is not one of this meeting's languages.
    expect(textOfDraft({ fr: 'Ouverture', ru: 'Открытие' }, FR_EN_AR)).toEqual({ fr: 'Ouverture' });
  });

  it('requires the original only, and checks every language against the length limit', () => {
    expect(textFieldProblems({ fr: ' ', en: 'Opening', ar: '' }, FR_EN_AR, 20)).toEqual({ fr: 'required' });
    expect(textFieldProblems({ fr: 'Ouverture', en: '', ar: '' }, FR_EN_AR, 20)).toEqual({});
    expect(textFieldProblems({ fr: 'Ouverture', en: 'x'.repeat(21), ar: '' }, FR_EN_AR, 20)).toEqual({
      en: 'tooLong',
    });
    // Spaces around the text do not count: they are trimmed before sending.
    expect(textFieldProblems({ fr: `  ${'x'.repeat(20)}  ` }, FR_EN_AR, 20)).toEqual({});
  });

  it('capitalises a language name at the start of a label, in the interface language', () => {
    expect(languageName('anglais', 'fr')).toBe('Anglais');
    expect(languageName('английский', 'ru')).toBe('Английский');
    expect(languageName('الإنجليزية', 'ar')).toBe('الإنجليزية');
  });
});

describe('rebaseText', () => {
  const languages = ['en', 'fr', 'ar'] as const;

  it('keeps a translation saved by someone else while the form was open', () => {
    const opened = { en: 'Opening', fr: 'Ouverture' };
    const now = { en: 'Opening', fr: 'Ouverture', ar: 'الافتتاح' };
    // The editor changed the English title only.
    expect(rebaseText(opened, { en: 'Opening of the meeting', fr: 'Ouverture' }, now, languages)).toEqual({
      en: 'Opening of the meeting',
      fr: 'Ouverture',
      ar: 'الافتتاح',
    });
  });

  it('sends nothing when nothing changed, and a cleared field removes that translation', () => {
    const opened = { en: 'Opening', fr: 'Ouverture' };
    expect(rebaseText(opened, { ...opened }, { ...opened, ar: 'الافتتاح' }, languages)).toBeUndefined();
    expect(
      rebaseText(opened, { en: 'Opening' }, { en: 'Opening', fr: 'Ouverture', ar: 'الافتتاح' }, languages),
    ).toEqual({
      en: 'Opening',
      ar: 'الافتتاح',
    });
  });

  it('takes the editor’s value over a concurrent change of the same language', () => {
    expect(rebaseText({ en: 'A' }, { en: 'B' }, { en: 'C' }, languages)).toEqual({ en: 'B' });
  });
});
