import type { Lang } from '@rostrum/core';
import { ar } from './labels/ar.js';
import { en } from './labels/en.js';
import { es } from './labels/es.js';
import { fr } from './labels/fr.js';
import { ru } from './labels/ru.js';
import type { Labels } from './labels/types.js';

export type { Labels } from './labels/types.js';

/** The minutes' fixed words per language, one file each under labels/ (the shape in labels/types.ts). */
export const LABELS: Record<Lang, Labels> = { en, fr, es, ru, ar };

/** The mark after a text shown in the original because it is missing in `lang`: "[Original: English]". */
export function originalMark(lang: Lang, original: Lang): string {
  const L = LABELS[lang];
  return L.originalMark.replace('{language}', L.languageNames[original]);
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The form of a counted noun for a number, per the language's plural rules. */
export function plural(lang: Lang, n: number, forms: Labels['speechCount']): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return forms[rules.select(n)] ?? forms.other;
}
