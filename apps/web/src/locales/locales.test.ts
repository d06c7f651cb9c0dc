import { beforeAll, describe, expect, it } from 'vitest';
import glossary from '../../../../docs/glossary.md?raw';
import i18next, { i18nReady, INTERFACE_LANGUAGES, type InterfaceLang } from '../i18n.js';
import ar from './ar.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import ru from './ru.json';

/**
 * The interface's five locales, checked mechanically: the same keys, every plural category CLDR
 * (as `Intl.PluralRules` reports it) has and no other, the same placeholders, no blank or HTML
 * text, the languages' own names, i18next picking each form, and the glossary's terms
 * (docs/glossary.md) in the keys it names.
 */
const LOCALES: Record<InterfaceLang, unknown> = { en, fr, es, ru, ar };

type Kind = 'cardinal' | 'ordinal';
/** Plural suffixes i18next (JSON v4) adds to a key: `_one`, `_ordinal_two`… */
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

type Key = { base: string; kind: Kind | 'plain'; category: string | null };
function parseKey(key: string): Key {
  const m = PLURAL.exec(key);
  if (!m) return { base: key, kind: 'plain', category: null };
  return { base: key.slice(0, m.index), kind: m[1] ? 'ordinal' : 'cardinal', category: m[2] ?? null };
}

const texts = Object.fromEntries(INTERFACE_LANGUAGES.map((l) => [l, flatten(LOCALES[l])])) as Record<
  InterfaceLang,
  Map<string, string>
>;
const bases = (lang: InterfaceLang) => new Set([...texts[lang].keys()].map((k) => parseKey(k).base));
const categories = (lang: InterfaceLang, kind: Kind): string[] =>
  [...new Intl.PluralRules(lang, { type: kind }).resolvedOptions().pluralCategories].sort();
const variables = (text: string) => [...new Set([...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? ''))].sort();

/** The plural keys of English: base → cardinal or ordinal. */
const pluralBases = new Map<string, Kind>();
for (const key of texts.en.keys()) {
  const k = parseKey(key);
  if (k.kind !== 'plain') pluralBases.set(k.base, k.kind);
}

/**
 * Categories that stand for exactly one whole number (Arabic zero, one and two; English one):
 * there a form may leave `{{count}}` out ("وفدان", not "2 وفدان").
 */
function exactCategory(lang: InterfaceLang, kind: Kind, category: string): boolean {
  const rules = new Intl.PluralRules(lang, { type: kind });
  let seen = 0;
  for (let n = 0; n <= 1200 && seen < 2; n++) if (rules.select(n) === category) seen++;
  return seen === 1;
}

/** The English text a key is compared with: its own form, else the `other` form. */
function englishReference(k: Key): string | undefined {
  if (k.kind === 'plain') return texts.en.get(k.base);
  return texts.en.get(k.kind === 'ordinal' ? `${k.base}_ordinal_other` : `${k.base}_other`);
}

describe('interface locales', () => {
  // Only English is bundled; the others load on demand, as the language switch loads them.
  beforeAll(async () => {
    await i18nReady;
    await i18next.loadLanguages([...INTERFACE_LANGUAGES]);
  });

  it('has a locale for each of the five interface languages, loadable by i18next', () => {
    expect([...INTERFACE_LANGUAGES].sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru']);
    for (const lang of INTERFACE_LANGUAGES) expect(i18next.hasResourceBundle(lang, 'translation'), lang).toBe(true);
    expect(i18next.options.supportedLngs).toEqual(expect.arrayContaining([...INTERFACE_LANGUAGES]));
  });

  it.each(INTERFACE_LANGUAGES)('%s has every key of English and no other (plural forms aside)', (lang) => {
    const missing = [...bases('en')].filter((k) => !bases(lang).has(k));
    const extra = [...bases(lang)].filter((k) => !bases('en').has(k));
    expect(missing, `missing in ${lang}`).toEqual([]);
    expect(extra, `only in ${lang}`).toEqual([]);
  });

  it.each(INTERFACE_LANGUAGES)('%s has exactly the plural categories CLDR gives it, for every plural key', (lang) => {
    expect(pluralBases.size).toBeGreaterThan(0);
    const problems: string[] = [];
    const byBase = new Map<string, { kinds: Set<string>; categories: string[] }>();
    for (const key of texts[lang].keys()) {
      const k = parseKey(key);
      const entry = byBase.get(k.base) ?? { kinds: new Set<string>(), categories: [] };
      entry.kinds.add(k.kind);
      if (k.category) entry.categories.push(k.category);
      byBase.set(k.base, entry);
    }
    for (const [base, { kinds, categories: found }] of byBase) {
      const kind = pluralBases.get(base);
      if (!kind) {
        if (!kinds.has('plain') || kinds.size > 1) problems.push(`${base}: plural forms where English has one text`);
        continue;
      }
      if (kinds.size > 1 || !kinds.has(kind)) problems.push(`${base}: ${[...kinds].join(' and ')} keys, not ${kind}`);
      const expected = categories(lang, kind);
      const missing = expected.filter((c) => !found.includes(c));
      const extra = found.filter((c) => !expected.includes(c));
      if (missing.length) problems.push(`${base}: missing ${kind} ${missing.join(', ')}`);
      if (extra.length) problems.push(`${base}: ${kind} ${extra.join(', ')} is not a category of ${lang}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(INTERFACE_LANGUAGES)('%s names the same placeholders as English in every text and form', (lang) => {
    const problems: string[] = [];
    for (const [key, text] of texts[lang]) {
      const k = parseKey(key);
      const reference = englishReference(k);
      if (reference === undefined) continue; // the key test reports it
      let expected = variables(reference);
      const found = variables(text);
      if (k.kind !== 'plain' && k.category && exactCategory(lang, k.kind, k.category) && !found.includes('count'))
        expected = expected.filter((v) => v !== 'count');
      if (found.join() !== expected.join())
        problems.push(`${key}: {{${found.join('}}, {{')}}} ≠ {{${expected.join('}}, {{')}}}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(INTERFACE_LANGUAGES)('%s has no blank text and no markup', (lang) => {
    for (const [key, text] of texts[lang]) {
      expect(text.trim(), `${lang} ${key}`).not.toBe('');
      expect(text, `${lang} ${key}`).not.toMatch(/<\/?[a-z!][^>]*>|&[a-z]+;|&#\d+;/i);
    }
  });

  it('names each interface language in that language, the same in every locale', () => {
    for (const l of INTERFACE_LANGUAGES) {
      const own = new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? '';
      const endonym = own.charAt(0).toLocaleUpperCase(l) + own.slice(1);
      for (const lang of INTERFACE_LANGUAGES)
        expect(texts[lang].get(`language.${l}`), `${lang} language.${l}`).toBe(endonym);
    }
  });

  it.each(INTERFACE_LANGUAGES)('i18next picks the %s form CLDR gives each count', (lang) => {
    const t = i18next.getFixedT(lang);
    const samples = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000000];
    for (const [base, kind] of pluralBases) {
      const rules = new Intl.PluralRules(lang, { type: kind });
      for (const count of samples) {
        const form = `${base}_${kind === 'ordinal' ? 'ordinal_' : ''}${rules.select(count)}`;
        const text = texts[lang].get(form);
        expect(text, `${lang} ${form}`).toBeDefined();
        const values: Record<string, string | number> = { count };
        for (const v of variables(text ?? '')) if (v !== 'count') values[v] = `<${v}>`;
        const expected = (text ?? '').replace(/{{\s*(\w+)\s*}}/g, (_, v: string) => String(values[v]));
        expect(t(base, { ...values, ordinal: kind === 'ordinal' }), `${lang} ${base} ${count}`).toBe(expected);
      }
    }
  });
});

/** The glossary's one table: a column per language (header "… (xx)"), and the keys to check. */
function glossaryRows(): Array<{ term: string; forms: Partial<Record<InterfaceLang, string[]>>; keys: string[] }> {
  const lines = glossary.split('\n').filter((l) => l.trim().startsWith('|'));
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(lines[0] ?? '');
  const langColumn = new Map<InterfaceLang, number>();
  header.forEach((h, i) => {
    const code = /\((\w\w)\)$/.exec(h)?.[1];
    const lang = INTERFACE_LANGUAGES.find((l) => l === code);
    if (lang) langColumn.set(lang, i);
  });
  const keysColumn = header.findIndex((h) => /keys/i.test(h));
  return lines.slice(2).map((line) => {
    const row = cells(line);
    const forms: Partial<Record<InterfaceLang, string[]>> = {};
    for (const [lang, i] of langColumn)
      forms[lang] = (row[i] ?? '')
        .split(' / ')
        .map((f) => f.replace(/\([^)]*\)/g, '').trim())
        .filter(Boolean);
    const keys = [...(row[keysColumn] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    return { term: row[0] ?? '', forms, keys };
  });
}

describe('glossary', () => {
  const rows = glossaryRows();

  it('has a column for each interface language and terms in every one', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows)
      for (const lang of INTERFACE_LANGUAGES)
        expect(row.forms[lang]?.length, `${row.term} (${lang})`).toBeGreaterThan(0);
  });

  it('the interface uses the glossary term in each key it names, in every language', () => {
    const problems: string[] = [];
    for (const row of rows)
      for (const key of row.keys)
        for (const lang of INTERFACE_LANGUAGES) {
          const text = texts[lang].get(key);
          const forms = row.forms[lang] ?? [];
          if (text === undefined) problems.push(`${lang} ${key}: no such key`);
          else if (!forms.some((f) => text.toLocaleLowerCase(lang).includes(f.toLocaleLowerCase(lang))))
            problems.push(`${lang} ${key}: "${text}" has none of ${forms.join(' / ')} (${row.term})`);
        }
    expect(rows.some((r) => r.keys.length > 0)).toBe(true);
    expect(problems).toEqual([]);
  });
});
