import type { Lang } from '@rostrum/core';
import { langDir, type Dir, type DirSpec } from './bidi.js';

/**
 * The minutes as a small document tree, the same for every output format: the layout decides
 * what is said (in one language), each renderer only how it looks. Strings here are plain
 * text: every renderer escapes them for its format.
 */
export type ChartRow = { label: string; plannedMin: number; actualMin: number };

export type Block = (
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  /** "Label: value" on one line; `mono` for digests. */
  | { kind: 'field'; label: string; value: string; mono?: boolean }
  | { kind: 'para'; text: string; tone?: 'strong' | 'muted' | 'warning' }
  /**
   * A user's free text (notes, proposal text, decision wording): paragraphs and line breaks are
   * kept. `auto` when the language it is written in is not certain (the notes: the secretariat
   * may type any language in them), so that each paragraph takes the direction of its first
   * letter, unless its language is written right to left.
   */
  | {
      kind: 'text';
      text: string;
      auto?: boolean;
      /**
       * When the text is shown in the meeting's original because it is missing in the layout's
       * language: the mark that says so ("[Original: English]"), in the layout's language, set
       * as a muted line after it. Part of the block, so that every language's layout keeps the
       * same blocks, paired side by side.
       */
      mark?: string;
    }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric: boolean[] }
  /** Planned vs actual minutes per item; drawn in HTML and PDF, a table elsewhere says the same. */
  | { kind: 'chart'; rows: ChartRow[]; legend: { planned: string; actual: string }; caption: string }
) & {
  /**
   * The language of the block's text when it is not the layout's (a BCP 47 tag: `ar` is set
   * right to left): a text shown in the meeting's original because it is not translated.
   * Unset: the layout's language.
   */
  lang?: string;
};

export type Section = { id: string; blocks: Block[] };

export type Layout = { lang: Lang; title: string; sections: Section[] };

/**
 * Blocks rendered once across the page in bilingual minutes rather than once per column: the
 * chart (its bars are the same in every language). Every text, the notes included, is each
 * column's own.
 */
export function isWide(block: Block): boolean {
  return block.kind === 'chart';
}

/**
 * Blocks that belong together on a page: a heading with the short block after it (so that a
 * heading never ends a page or a column), every other block on its own.
 */
export function groupBlocks(blocks: readonly Block[]): Block[][] {
  const groups: Block[][] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block) continue;
    const next = blocks[i + 1];
    if (
      block.kind === 'heading' &&
      next &&
      (next.kind === 'field' || next.kind === 'para' || next.kind === 'heading')
    ) {
      groups.push([block, next]);
      i += 1;
    } else groups.push([block]);
  }
  return groups;
}

/** Whether a group may run over a page break (it holds a table or a user's text). */
export function isLongGroup(group: readonly Block[]): boolean {
  return group.some((b) => b.kind === 'table' || b.kind === 'text' || b.kind === 'list');
}

/**
 * A stretch of a bilingual section: rows of blocks side by side (`cells[row][language]`, so
 * that each English paragraph stands beside its Russian one), or one wide block (one per
 * language) with the heading that introduces it, if any.
 */
export type BilingualRow =
  | { kind: 'columns'; cells: Block[][][] }
  | { kind: 'wide'; headings: Array<Extract<Block, { kind: 'heading' }>>; blocks: Block[] };

export type BilingualSection = { id: string; rows: BilingualRow[] };

/**
 * Zips the layouts of several languages into rows. The layout builds the same structure for
 * every language (only the words differ), so blocks pair up by position.
 */
export function zipLayouts(layouts: readonly Layout[]): BilingualSection[] {
  const first = layouts[0];
  if (!first) return [];
  return first.sections.map((section, si) => {
    const perLang = layouts.map((l) => l.sections[si]?.blocks ?? []);
    const rows: BilingualRow[] = [];
    let stretch: Block[][] = perLang.map(() => []);
    const flush = () => {
      const lead = stretch[0];
      if (lead && lead.length > 0) {
        const grouped = stretch.map(groupBlocks);
        const count = grouped[0]?.length ?? 0;
        const cells: Block[][][] = [];
        for (let g = 0; g < count; g++) cells.push(grouped.map((groups) => groups[g] ?? []));
        rows.push({ kind: 'columns', cells });
      }
      stretch = perLang.map(() => []);
    };
    section.blocks.forEach((block, bi) => {
      const blocks = perLang.map((bs) => bs[bi]).filter((b): b is Block => b !== undefined);
      if (!isWide(block)) {
        blocks.forEach((b, li) => stretch[li]?.push(b));
        return;
      }
      // The heading just before a wide block goes across the page with it.
      const headings: Array<Extract<Block, { kind: 'heading' }>> = [];
      if (stretch.every((col) => col.at(-1)?.kind === 'heading')) {
        for (const col of stretch) {
          const h = col.pop();
          if (h?.kind === 'heading') headings.push(h);
        }
      }
      flush();
      rows.push({ kind: 'wide', headings, blocks });
    });
    flush();
    return { id: section.id, rows };
  });
}

/** Splits a user's text into paragraphs (blank lines) of lines. */
export function paragraphs(text: string): string[][] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map((line) => line.replace(/[ \t]+$/, '')))
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}

/** The headings of a wide row as one heading ("Notes / Заметки"), or null. */
export function joinedHeading(
  headings: ReadonlyArray<Extract<Block, { kind: 'heading' }>>,
): Extract<Block, { kind: 'heading' }> | null {
  const first = headings[0];
  if (!first) return null;
  return { kind: 'heading', level: first.level, text: [...new Set(headings.map((h) => h.text))].join(' / ') };
}

/** The direction of a layout's own text (its labels, headings and translated texts). */
export function layoutDir(layout: Pick<Layout, 'lang'>): Dir {
  return langDir(layout.lang);
}

/**
 * The direction of a block's text: its language's (its own, else the layout's); `auto` for a
 * text of uncertain language (the notes) in a left-to-right language, since notes of a meeting
 * held in English may be typed in Arabic. Notes in a right-to-left language are right to left,
 * even where a paragraph starts with a Latin name.
 */
export function blockDir(block: Block, layoutLang: string): DirSpec {
  const dir = langDir(block.lang ?? layoutLang);
  if (block.kind === 'text' && block.auto === true && dir === 'ltr') return 'auto';
  return dir;
}
