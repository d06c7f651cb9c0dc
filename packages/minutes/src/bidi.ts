import type { Bidi } from 'bidi-js';
import bidiModule from 'bidi-js';

/**
 * Text direction for the renderers, independent of any output format: which languages are
 * written right to left, the direction of a user's text (its first strong character, as
 * HTML's `dir="auto"`), and where Arabic script starts and ends in a string (the PDF sets it in
 * an Arabic font, the DOCX in right-to-left runs). The Unicode Bidirectional Algorithm itself
 * is bidi-js (UAX #9, passes the Unicode conformance tests).
 */
export type Dir = 'ltr' | 'rtl';
/** `auto`: the direction of the first strong character (UAX #9 rules P2–P3), else left to right. */
export type DirSpec = Dir | 'auto';

/** bidi-js is CommonJS whose types say ES module: its factory is the default import at run time. */
const bidiFactory =
  typeof bidiModule === 'function'
    ? (bidiModule as () => Bidi)
    : (bidiModule as unknown as { default: () => Bidi }).default;

export const bidi: Bidi = bidiFactory();

/** Primary language subtags written right to left. */
const RTL_LANGS = new Set(['ar', 'ckb', 'dv', 'fa', 'he', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The direction of a language's text: `ar` (or `ar-EG`) is right to left. */
export function langDir(lang: string): Dir {
  return RTL_LANGS.has(lang.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

/** Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** The direction of the first strong character of `text`, or `fallback` when it has none. */
export function firstStrongDir(text: string, fallback: Dir = 'ltr'): Dir {
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'L') return 'ltr';
    if (type === 'R' || type === 'AL') return 'rtl';
  }
  return fallback;
}

/** `auto` resolved against the text; `fallback` when the text has no strong character. */
export function resolveDir(dir: DirSpec, text: string, fallback: Dir = 'ltr'): Dir {
  return dir === 'auto' ? firstStrongDir(text, fallback) : dir;
}

const ARABIC = /\p{Script=Arabic}/u;
/** Characters of no script of their own (spaces, digits, punctuation, combining marks). */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;

export type ScriptRun = { text: string; arabic: boolean };

/**
 * `text` cut where Arabic script starts and ends. Spaces, digits, punctuation and marks belong to
 * the run before them (to the run after them at the start), so that "بوفد Belgium" is one
 * Arabic run ("بوفد ") and one other ("Belgium"), and the digits of "الساعة 10:00" are set in the
 * Arabic font like the words around them.
 */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let pending = '';
  for (const ch of text) {
    if (SHARED.test(ch)) {
      const last = runs.at(-1);
      if (last) last.text += ch;
      else pending += ch;
      continue;
    }
    const arabic = ARABIC.test(ch);
    const last = runs.at(-1);
    if (last && last.arabic === arabic) last.text += ch;
    else {
      runs.push({ text: pending + ch, arabic });
      pending = '';
    }
  }
  if (pending) runs.push({ text: pending, arabic: false });
  return runs;
}

/** Whether `text` has any Arabic-script character. */
export function hasArabic(text: string): boolean {
  return ARABIC.test(text);
}
