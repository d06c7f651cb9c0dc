import { createRequire } from 'node:module';
import { bidi, hasArabic, hasRtl, resolveDir, scriptRuns, type Dir, type DirSpec } from './bidi.js';
import { ARABIC_LINE_HEIGHT, ARABIC_PDF_FONT, ARABIC_SCALE } from './fonts.js';

/**
 * Right-to-left and mixed-direction text in pdfmake, which has neither.
 *
 * Shaping is fontkit's (pdfkit lays text out with it): given a run of Arabic in logical order,
 * fontkit's Arabic shaper applies the font's init/medi/fina/rlig/mark features and returns the
 * glyphs reversed, in visual order. What fontkit does not do is the Unicode Bidirectional
 * Algorithm: it guesses a direction per run from the run's first letter, and pdfmake breaks
 * lines and places words left to right. So:
 *
 * 1. Building the document (`bidiParts`), text with Arabic is cut into script runs (Arabic in
 *    Amiri, a little larger, the rest in DejaVu Sans) and every inline is tagged with its
 *    paragraph's direction.
 * 2. Once pdfmake has broken a tagged line (its `ElementWriter.alignLine`, wrapped here), the
 *    line is reordered: bidi-js gives each character its embedding level (UAX #9, with the
 *    paragraph direction as the base), the line is cut into units of one level and one style,
 *    and the units are placed in visual order (rule L2), each laid out whole (never word by
 *    word) so that fontkit shapes and reverses a right-to-left unit once. Where fontkit's guess
 *    of a unit's direction is wrong (punctuation alone at a right-to-left level, Arabic-Indic
 *    digits at a left-to-right one), the unit is handed over reversed so that its result is.
 *    Mirrored characters at right-to-left levels (brackets) are swapped for their mirror (L4).
 * 3. The units stay in the content stream in logical order, each at its visual place, so text
 *    extraction (pdf.js, which reads a right-to-left run's glyphs back into logical order)
 *    gives the text in logical order.
 *
 * Lines without the tag (all English and Russian text) are left exactly as pdfmake made them.
 *
 * Known limits: a bracket in right-to-left text is drawn with its mirror glyph, so pdf.js
 * (which does not mirror when it reads visual text back) extracts "(1)" as ")1("; the letters
 * come back right. Justified alignment and decorations (underline) are not used by the minutes
 * and are not handled across reordered units.
 */

/** The inline property carrying the paragraph's direction (a string key: pdfmake copies own enumerable keys). */
export const BIDI_KEY = 'rostrumDir';

/** Whole-unit layout: with features, pdfkit hands the unit to fontkit at once, not word by word. */
const WHOLE_RUN: string[] = [];

export type PdfPart = { text: string } & Record<string, unknown>;

/**
 * pdfmake inlines for one paragraph made of styled parts, set in `size` unless a part says
 * otherwise; or null when the paragraph is left to right and holds no right-to-left or Arabic
 * text (then the caller keeps its plain strings, and the PDF stays as it was).
 */
export function bidiParts(parts: readonly PdfPart[], dir: DirSpec, fallback: Dir, size: number): PdfPart[] | null {
  const all = parts.map((p) => p.text).join('');
  const resolved = resolveDir(dir, all, fallback);
  if (resolved === 'ltr' && !hasRtl(all) && !hasArabic(all)) return null;
  return parts.flatMap((part) =>
    scriptRuns(part.text).map((run) => ({
      ...part,
      text: run.text,
      ...(run.arabic
        ? {
            font: ARABIC_PDF_FONT,
            fontSize: (typeof part.fontSize === 'number' ? part.fontSize : size) * ARABIC_SCALE,
            lineHeight: ARABIC_LINE_HEIGHT,
          }
        : {}),
      [BIDI_KEY]: resolved,
    })),
  );
}

/** The direction a paragraph of `parts` is laid out in (for its alignment). */
export function partsDir(parts: readonly PdfPart[], dir: DirSpec, fallback: Dir = 'ltr'): Dir {
  return resolveDir(dir, parts.map((p) => p.text).join(''), fallback);
}

/* pdfmake's line and inline objects, as far as they are used here (pdfmake has no types for them). */
type GlyphRun = { direction: string; advanceWidth: number };
/** pdfkit's embedded font: `layoutRun` is fontkit's layout of a whole string, scaled to 1000 units per em. */
type PdfKitFont = { layoutRun?: (text: string, features?: unknown) => GlyphRun };
type Inline = {
  text: string;
  x: number;
  width: number;
  font: PdfKitFont;
  fontSize: number;
  characterSpacing?: number;
  leadingCut?: number;
  trailingCut?: number;
  fontFeatures?: unknown;
  [key: string]: unknown;
};
type Line = {
  inlines: Inline[];
  inlineWidths: number;
  leadingCut: number;
  trailingCut: number;
  rostrumBidiDone?: true;
};

/** Inline properties that make two inlines look different: units never span a change of them. */
const STYLE_KEYS = [
  'font',
  'fontSize',
  'color',
  'opacity',
  'characterSpacing',
  'decoration',
  'decorationColor',
  'decorationStyle',
  'decorationThickness',
  'background',
  'link',
  'linkToPage',
  'linkToDestination',
  'sup',
  'sub',
] as const;

function sameStyle(a: Inline, b: Inline): boolean {
  return STYLE_KEYS.every((k) => a[k] === b[k]);
}

const MARK = /\p{M}/u;

/** Reversed by character, each combining mark kept after its base. */
function reverseClusters(text: string): string {
  const clusters: string[] = [];
  for (const ch of text) {
    const last = clusters.length - 1;
    if (last >= 0 && MARK.test(ch)) clusters[last] += ch;
    else clusters.push(ch);
  }
  return clusters.reverse().join('');
}

/**
 * Whole-unit layouts per font, kept for the document (pdfmake makes new font objects for each):
 * a unit is laid out once to learn its direction and width, and pdfkit draws it from the same
 * layout. Shaping Arabic with Amiri costs about 0.1 ms a word, and the same units recur (the
 * cells of the roll-call tables), so this cuts the time for large minutes several times over.
 */
const layouts = new WeakMap<PdfKitFont, Map<string, GlyphRun>>();

function wholeRun(font: PdfKitFont, text: string): GlyphRun | null {
  let cache = layouts.get(font);
  if (!cache) {
    const layoutRun = font.layoutRun;
    if (typeof layoutRun !== 'function') return null;
    const original = layoutRun.bind(font);
    const own = new Map<string, GlyphRun>();
    cache = own;
    layouts.set(font, own);
    font.layoutRun = (t: string, features?: unknown): GlyphRun => {
      if (features !== WHOLE_RUN) return original(t, features);
      let run = own.get(t);
      if (!run) {
        run = original(t, features);
        own.set(t, run);
      }
      return run;
    };
  }
  return font.layoutRun?.(text, WHOLE_RUN) ?? null;
}

const SPACE = /\s/;

/** Reorders one tagged line into visual order (see the module comment). Exported for tests. */
export function reorderLine(line: Line): void {
  if (line.rostrumBidiDone) return;
  const inlines = line.inlines;
  const dir = inlines.find((i) => i[BIDI_KEY] === 'rtl' || i[BIDI_KEY] === 'ltr')?.[BIDI_KEY] as Dir | undefined;
  if (!dir) return;
  line.rostrumBidiDone = true;

  // The line's logical text, and which inline each UTF-16 unit comes from.
  let text = '';
  const owner: number[] = [];
  inlines.forEach((inline, k) => {
    text += inline.text;
    for (let j = 0; j < inline.text.length; j++) owner.push(k);
  });
  // pdfmake cuts the spaces that start and end a line (leadingCut, trailingCut): so do we.
  let start = 0;
  let end = text.length;
  if ((line.leadingCut ?? 0) > 0) while (start < end && SPACE.test(text[start] ?? '')) start++;
  if ((line.trailingCut ?? 0) > 0) while (end > start && SPACE.test(text[end - 1] ?? '')) end--;
  if (start === end) return;
  const body = text.slice(start, end);
  const { levels } = bidi.getEmbeddingLevels(body, dir);
  const mirrors = bidi.getMirroredCharactersMap(body, levels);

  // Units: the longest stretches of one level and one style, in logical order.
  type Unit = { from: number; to: number; level: number; base: Inline };
  const units: Unit[] = [];
  for (let i = 0; i < body.length; i++) {
    const level = levels[i] ?? 0;
    const base = inlines[owner[start + i] ?? 0] as Inline;
    const last = units.at(-1);
    if (last && last.level === level && sameStyle(last.base, base)) last.to = i + 1;
    else units.push({ from: i, to: i + 1, level, base });
  }

  // L2: from the highest level down to the lowest odd one, reverse every run at that level or higher.
  const visual = [...units];
  const maxLevel = Math.max(...units.map((u) => u.level));
  const minOdd = Math.min(...units.map((u) => u.level | 1));
  for (let level = maxLevel; level >= minOdd; level--) {
    for (let i = 0; i < visual.length; i++) {
      if ((visual[i]?.level ?? 0) < level) continue;
      let j = i;
      while (j + 1 < visual.length && (visual[j + 1]?.level ?? 0) >= level) j++;
      visual.splice(i, j - i + 1, ...visual.slice(i, j + 1).reverse());
      i = j;
    }
  }

  // Each unit as an inline whose glyphs come out of fontkit in visual order.
  const made = new Map<Unit, Inline>();
  for (const unit of units) {
    const rtl = unit.level % 2 === 1;
    let chars = '';
    for (let i = unit.from; i < unit.to; i++) chars += (rtl ? mirrors.get(i) : undefined) ?? body[i];
    const font = unit.base.font;
    const want: Dir = rtl ? 'rtl' : 'ltr';
    let pass = chars;
    let run = wholeRun(font, pass);
    if (!run) return; // not an embedded font: leave the line as pdfmake made it
    if ((run.direction === 'rtl' ? 'rtl' : 'ltr') !== want) {
      pass = reverseClusters(chars);
      run = wholeRun(font, pass) ?? run;
    }
    const spacing = unit.base.characterSpacing ?? 0;
    made.set(unit, {
      ...unit.base,
      text: pass,
      fontFeatures: WHOLE_RUN,
      width: (run.advanceWidth * unit.base.fontSize) / 1000 + spacing * (pass.length - 1),
      x: 0,
      leadingCut: 0,
      trailingCut: 0,
    });
  }
  let x = 0;
  for (const unit of visual) {
    const inline = made.get(unit);
    if (!inline) continue;
    inline.x = x;
    x += inline.width;
  }
  // Logical order in the content stream (for text extraction), visual order on the page.
  line.inlines = units.map((u) => made.get(u)).filter((i): i is Inline => i !== undefined);
  line.inlineWidths = x;
  line.leadingCut = 0;
  line.trailingCut = 0;
}

/** Marks pdfmake's prototype as wrapped (a registered symbol: the same if this module is loaded twice). */
const WRAPPED = Symbol.for('rostrum.pdfBidi');

/**
 * Wraps pdfmake's `ElementWriter.prototype.alignLine` (called once for each line placed on a
 * page, after line breaking, before alignment) so that tagged lines are reordered first.
 * pdfmake is pinned by the lockfile; the PDF tests fail if this stops taking effect.
 */
export function installPdfBidi(): void {
  const require = createRequire(import.meta.url);
  const mod = require('pdfmake/js/ElementWriter.js') as {
    default: { prototype: { alignLine(this: unknown, line: Line): void; [WRAPPED]?: true } };
  };
  const proto = mod.default.prototype;
  if (proto[WRAPPED]) return;
  const original = proto.alignLine;
  if (typeof original !== 'function') throw new Error('pdfmake ElementWriter.alignLine not found');
  proto.alignLine = function alignLine(this: unknown, line: Line): void {
    reorderLine(line);
    original.call(this, line);
  };
  proto[WRAPPED] = true;
}
