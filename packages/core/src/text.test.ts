import { describe, expect, it } from 'vitest';
import {
  isLang,
  meetingLanguagesSchema,
  meetingTextSchema,
  missingLanguages,
  originalText,
  readingLanguage,
  showText,
  textIn,
  textProblem,
  withTranslation,
} from './index.js';

const FR_AR = ['fr', 'ar'] as const;

describe('a meeting text against the meeting languages', () => {
  it('is fine in the original alone, or with translations into the meeting languages', () => {
    expect(textProblem({ fr: 'Divers' }, FR_AR)).toBeNull();
    expect(textProblem({ fr: 'Divers', ar: 'ما يستجد من أعمال' }, FR_AR)).toBeNull();
  });

  it('names the missing original, and a language the meeting does not have', () => {
    expect(textProblem({ ar: 'ما يستجد من أعمال' }, FR_AR)).toBe("missing in the meeting's original language (fr)");
    expect(textProblem({ fr: '' }, FR_AR)).toContain('(fr)');
    expect(textProblem({ fr: 'Divers', en: 'Other', ru: 'Разное' }, FR_AR)).toBe(
      'in a language the meeting does not have (en, ru)',
    );
    // The original is looked at first: an English-only text lacks it.
    expect(textProblem({ en: 'Other' }, FR_AR)).toContain('original');
  });

  it('lists the languages still to translate', () => {
    expect(missingLanguages({ fr: 'Divers' }, ['fr', 'ar', 'es'])).toEqual(['ar', 'es']);
    expect(missingLanguages({ fr: 'Divers', es: 'Varios', ar: 'ما يستجد' }, ['fr', 'ar', 'es'])).toEqual([]);
  });
});

describe('how a text is shown to a reader', () => {
  const text = { fr: 'Laboratoire', ar: 'المختبر' };

  it('reads the reader’s language when the meeting has it and the text is translated', () => {
    expect(showText(text, 'ar', FR_AR)).toEqual({ text: 'المختبر', lang: 'ar', state: 'reading' });
    expect(showText(text, 'fr', FR_AR)).toEqual({ text: 'Laboratoire', lang: 'fr', state: 'reading' });
  });

  it('shows the original, marked not translated, when the meeting has the reader’s language but not this text', () => {
    expect(showText({ fr: 'Divers' }, 'ar', FR_AR)).toEqual({ text: 'Divers', lang: 'fr', state: 'untranslated' });
  });

  it('shows the original, marked with its language, when the meeting is not held in the reader’s language', () => {
    expect(showText(text, 'en', FR_AR)).toEqual({ text: 'Laboratoire', lang: 'fr', state: 'original' });
    // Even if a stray translation is there: the meeting does not have that language.
    expect(showText({ fr: 'Divers', en: 'Other' }, 'en', FR_AR).state).toBe('original');
  });

  it('reads in the reader’s language when the meeting has it, else in the original', () => {
    expect(readingLanguage('ar', FR_AR)).toBe('ar');
    expect(readingLanguage('ru', FR_AR)).toBe('fr');
  });

  it('finds the original, or the first language a text has when it was stored without it', () => {
    expect(originalText(text, FR_AR)).toEqual({ text: 'Laboratoire', lang: 'fr' });
    expect(originalText({ ru: 'Разное' }, FR_AR)).toEqual({ text: 'Разное', lang: 'ru' });
    expect(originalText({}, FR_AR)).toEqual({ text: '', lang: 'fr' });
    expect(textIn({ fr: 'Divers' }, 'ar', FR_AR)).toBe('Divers');
    expect(textIn(text, 'ar', FR_AR)).toBe('المختبر');
  });
});

describe('a translation set or removed', () => {
  it('sets one language trimmed and keeps the others; a blank removes it', () => {
    const t = withTranslation({ fr: 'Divers' }, 'ar', '  ما يستجد  ');
    expect(t).toEqual({ fr: 'Divers', ar: 'ما يستجد' });
    expect(withTranslation(t, 'ar', '   ')).toEqual({ fr: 'Divers' });
    expect(Object.keys(withTranslation(t, 'ar', ''))).toEqual(['fr']);
  });
});

describe('the schemas of languages and texts', () => {
  it('takes one to five known languages, none twice', () => {
    expect(meetingLanguagesSchema.safeParse(['fr']).success).toBe(true);
    expect(meetingLanguagesSchema.safeParse(['fr', 'ar', 'en', 'es', 'ru']).success).toBe(true);
    expect(meetingLanguagesSchema.safeParse([]).success).toBe(false);
    expect(meetingLanguagesSchema.safeParse(['fr', 'fr']).success).toBe(false);
    expect(meetingLanguagesSchema.safeParse(['de']).success).toBe(false);
    expect(isLang('ar')).toBe(true);
    expect(isLang('de')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });

  it('takes a text in at least one language, trimmed, within its limit, and no unknown key', () => {
    const schema = meetingTextSchema(10);
    expect(schema.parse({ fr: '  Divers ' })).toEqual({ fr: 'Divers' });
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ fr: '   ' }).success).toBe(false);
    expect(schema.safeParse({ fr: 'x'.repeat(11) }).success).toBe(false);
    expect(schema.safeParse({ fr: 'Divers', de: 'Sonstiges' }).success).toBe(false);
  });
});
