import { describe, expect, it } from 'vitest';
import en from './en.json';
import ru from './ru.json';

/** Plural suffixes i18next adds to a key (cardinal and ordinal). */
const PLURAL = /_(ordinal_)?(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value))
      for (const [key, text] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  }
  return out;
}

const enKeys = flatten(en);
const ruKeys = flatten(ru);
const bases = (keys: Map<string, string>) => new Set([...keys.keys()].map((k) => k.replace(PLURAL, '')));
const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('English and Russian have the same keys (plural forms aside)', () => {
    const missingInRu = [...bases(enKeys)].filter((k) => !bases(ruKeys).has(k));
    const onlyInRu = [...bases(ruKeys)].filter((k) => !bases(enKeys).has(k));
    expect(missingInRu).toEqual([]);
    expect(onlyInRu).toEqual([]);
  });

  it('Russian counts use the one/few/many plural forms, English one/other', () => {
    const pluralBases = [...enKeys.keys(), ...ruKeys.keys()]
      .filter((k) => PLURAL.test(k) && !k.includes('_ordinal_'))
      .map((k) => k.replace(PLURAL, ''));
    expect(pluralBases.length).toBeGreaterThan(0);
    for (const base of new Set(pluralBases)) {
      for (const form of ['one', 'few', 'many', 'other'])
        expect(ruKeys.has(`${base}_${form}`), `${base}_${form} in ru`).toBe(true);
      for (const form of ['one', 'other']) expect(enKeys.has(`${base}_${form}`), `${base}_${form} in en`).toBe(true);
    }
  });

  it('every text names the same placeholders in both languages, and none is blank', () => {
    for (const [key, text] of enKeys) {
      expect(text.trim(), `en ${key}`).not.toBe('');
      const ruText =
        ruKeys.get(key) ??
        ruKeys.get(key.replace(PLURAL, '_other')) ??
        ruKeys.get(key.replace(PLURAL, '_ordinal_other'));
      if (ruText === undefined) continue; // plural forms differ per language; the key test above covers the base
      expect(ruText.trim(), `ru ${key}`).not.toBe('');
      expect(variables(ruText), key).toEqual(variables(text));
    }
  });
});
