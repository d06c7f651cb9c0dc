import { describe, expect, it } from 'vitest';
import type { FileRef } from '@rostrum/core';
import { documentFiles } from './document-files.js';

const file = (id: string): FileRef => ({ id, name: `${id}.pdf`, size: 1000, kind: 'pdf' });
const FR_EN_AR = ['fr', 'en', 'ar'] as const;

describe('documentFiles', () => {
  it('offers the reader’s language first, then the others in the meeting’s order', () => {
    const files = { fr: file('fr'), en: file('en'), ar: file('ar') };
    expect(documentFiles(files, 'ar', FR_EN_AR).map((f) => f.lang)).toEqual(['ar', 'fr', 'en']);
  });

  it('offers the original first when the reader’s language has no file', () => {
    const files = { en: file('en'), fr: file('fr') };
    expect(documentFiles(files, 'ar', FR_EN_AR).map((f) => f.lang)).toEqual(['fr', 'en']);
    expect(documentFiles(files, 'es', FR_EN_AR).map((f) => f.lang)).toEqual(['fr', 'en']);
  });

  it('lists only the files there are, with a file outside the meeting’s languages last', () => {
    expect(documentFiles({ ru: file('ru'), en: file('en') }, 'fr', FR_EN_AR)).toEqual([
      { lang: 'en', file: file('en') },
      { lang: 'ru', file: file('ru') },
    ]);
    expect(documentFiles(undefined, 'fr', FR_EN_AR)).toEqual([]);
  });
});
