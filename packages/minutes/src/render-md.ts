import { firstStrongDir, langDir, type DirSpec } from './bidi.js';
import type { Block, Layout } from './blocks.js';
import { blockDir, joinedHeading, paragraphs, zipLayouts } from './blocks.js';
import { escapeMarkdown, escapeMarkdownLine } from './escape.js';
import { LABELS } from './labels.js';

/**
 * Markdown (CommonMark with GFM tables). One language: the blocks one after the other.
 * Bilingual: Markdown has no columns, so each stretch between headings is a two-column table
 * (English | Русский), which every GFM viewer shows side by side; headings carry both titles.
 * The chart is not drawn in Markdown: the planned/actual table before it says the same.
 *
 * Markdown has no direction of its own: viewers (GitHub among them) give each paragraph the
 * direction of its first letter. A line of right-to-left text that starts with a Latin name or
 * a number ("3. Rapport annuel [الأصل: الفرنسية]") begins with a right-to-left mark (U+200F),
 * and a left-to-right line that starts in Arabic with a left-to-right mark (U+200E), so that
 * each reads in its language's direction. Lines that need none (all English and Russian) are
 * as they were.
 */
export function renderMarkdown(layouts: readonly Layout[]): string {
  const out: string[] = [];
  if (layouts.length === 1 && layouts[0]) {
    const { lang } = layouts[0];
    for (const section of layouts[0].sections) for (const block of section.blocks) pushBlock(out, block, lang);
  } else {
    renderBilingual(out, layouts);
  }
  return `${out.join('\n\n')}\n`;
}

/** The invisible mark a line in direction `dir` needs before `text`, if any. */
function dirMark(text: string, dir: DirSpec): string {
  if (dir === 'auto') return '';
  const first = firstStrongDir(text, dir);
  if (first === dir) return '';
  return dir === 'rtl' ? '\u200f' : '\u200e';
}

/** Text at the start of a line (a paragraph, a list item). */
const md = (text: string) => escapeMarkdown(text, true);
/** Text after something on its line (a heading's hashes, a label, `**`, a table cell). */
const mdIn = (text: string) => escapeMarkdown(text, false);

function fieldText(label: string, value: string, mono = false): string {
  const shown = mono && /^[0-9a-f]+$/i.test(value) ? `\`${value}\`` : mdIn(value);
  return `**${mdIn(label)}:** ${shown}`;
}

function cell(text: string): string {
  return text.replace(/\n/g, ' ');
}

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => cell(mdIn(c))).join(' | ')} |`;
  const rule = `| ${head.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

function pushBlock(out: string[], block: Block, lang: string): void {
  const dir = blockDir(block, lang);
  const m = (text: string) => dirMark(text, dir);
  switch (block.kind) {
    case 'heading':
      out.push(`${'#'.repeat(block.level)} ${m(block.text)}${mdIn(block.text)}`);
      return;
    case 'field':
      out.push(`${m(block.label)}${fieldText(block.label, block.value, block.mono)}`);
      return;
    case 'para':
      if (block.tone === 'strong') out.push(`${m(block.text)}**${mdIn(block.text)}**`);
      else if (block.tone === 'muted') out.push(`${m(block.text)}_${mdIn(block.text)}_`);
      else if (block.tone === 'warning') out.push(`> ${m(block.text)}**${mdIn(block.text)}**`);
      else out.push(`${m(block.text)}${md(block.text)}`);
      return;
    case 'text': {
      const text = paragraphs(block.text)
        .map((lines) => lines.map((l) => `${m(l)}${escapeMarkdownLine(l, true)}`).join('\\\n'))
        .join('\n\n');
      if (text !== '') out.push(text);
      if (block.mark !== undefined) out.push(`${dirMark(block.mark, langDir(lang))}_${mdIn(block.mark)}_`);
      return;
    }
    case 'list':
      out.push(block.items.map((i) => `- ${m(i)}${md(i)}`).join('\n'));
      return;
    case 'table':
      out.push(
        table(
          block.head.map((c) => `${m(c)}${c}`),
          block.rows.map((r) => r.map((c) => `${m(c)}${c}`)),
          block.numeric,
        ),
      );
      return;
    case 'chart':
      return;
  }
}

/** A block squeezed into one table cell: lines joined by `<br>`; each line marked with its direction as needed. */
function inCell(block: Block, lang: string): string {
  const dir = blockDir(block, lang);
  const m = (text: string) => dirMark(text, dir);
  switch (block.kind) {
    case 'heading':
      return `${m(block.text)}**${mdIn(block.text)}**`;
    case 'field':
      return `${m(block.label)}${fieldText(block.label, block.value, block.mono)}`;
    case 'para':
      return `${m(block.text)}${
        block.tone === 'muted' ? `_${mdIn(block.text)}_` : block.tone ? `**${mdIn(block.text)}**` : mdIn(block.text)
      }`;
    case 'text': {
      const text = paragraphs(block.text)
        .map((lines) => lines.map((l) => `${m(l)}${escapeMarkdownLine(l, false)}`).join('<br>'))
        .join('<br><br>');
      if (block.mark === undefined) return text;
      return `${text}<br>${dirMark(block.mark, langDir(lang))}_${mdIn(block.mark)}_`;
    }
    case 'list':
      return block.items.map((i) => `${m(i)}• ${mdIn(i)}`).join('<br>');
    case 'table':
      return [
        `${m(block.head.join(' '))}**${block.head.map(mdIn).join(' · ')}**`,
        ...block.rows.map((r) => `${m(r.join(' '))}${r.map(mdIn).join(' · ')}`),
      ].join('<br>');
    case 'chart':
      return '';
  }
}

function renderBilingual(out: string[], layouts: readonly Layout[]): void {
  const names = layouts.map((l) => mdIn(LABELS[l.lang].languageName));
  let rows: string[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    out.push([`| ${names.join(' | ')} |`, `| ${names.map(() => '---').join(' | ')} |`, ...rows].join('\n'));
    rows = [];
  };
  for (const section of zipLayouts(layouts)) {
    for (const row of section.rows) {
      if (row.kind === 'wide') {
        flush();
        const heading = joinedHeading(row.headings);
        const lang = layouts[0]?.lang ?? 'en';
        if (heading) pushBlock(out, heading, lang);
        const first = row.blocks[0];
        if (first) pushBlock(out, first, lang);
        continue;
      }
      for (const cells of row.cells) {
        const count = Math.max(...cells.map((c) => c.length));
        for (let i = 0; i < count; i++) {
          const pair = cells.map((c) => c[i]);
          const lead = pair[0];
          if (lead?.kind === 'heading') {
            flush();
            const texts = pair.flatMap((b) => (b?.kind === 'heading' ? [b.text] : []));
            const joined = texts.join(' / ');
            out.push(
              `${'#'.repeat(lead.level)} ${dirMark(joined, blockDir(lead, layouts[0]?.lang ?? 'en'))}${texts.map(mdIn).join(' / ')}`,
            );
            continue;
          }
          rows.push(`| ${pair.map((b, li) => (b ? cell(inCell(b, layouts[li]?.lang ?? 'en')) : '')).join(' | ')} |`);
        }
      }
    }
    flush();
  }
}
