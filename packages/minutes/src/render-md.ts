import type { Block, Layout } from './blocks.js';
import { joinedHeading, paragraphs, zipLayouts } from './blocks.js';
import { escapeMarkdown, escapeMarkdownLine } from './escape.js';
import { LABELS } from './labels.js';

/**
 * Markdown (CommonMark with GFM tables). One language: the blocks one after the other.
 * Bilingual: Markdown has no columns, so each stretch between headings is a two-column table
 * (English | Русский), which every GFM viewer shows side by side; headings carry both titles.
 * The chart is not drawn in Markdown: the planned/actual table before it says the same.
 */
export function renderMarkdown(layouts: readonly Layout[]): string {
  const out: string[] = [];
  if (layouts.length === 1 && layouts[0]) {
    for (const section of layouts[0].sections) for (const block of section.blocks) pushBlock(out, block);
  } else {
    renderBilingual(out, layouts);
  }
  return `${out.join('\n\n')}\n`;
}

/** Text at the start of a line (a paragraph, a list item). */
const md = (text: string) => escapeMarkdown(text, true);
/** Text after something on its line (a heading's hashes, a label, `**`, a table cell). */
const mdIn = (text: string) => escapeMarkdown(text, false);

function fieldText(label: string, value: string, mono = false): string {
  const shown = mono && /^[0-9a-f]+$/i.test(value) ? `\`${value}\`` : mdIn(value);
  return `**${mdIn(label)}:** ${shown}`;
}

/** A user's text: paragraphs separated by a blank line, lines by a hard break (`\` at the end). */
function textBlock(text: string): string {
  return paragraphs(text)
    .map((lines) => lines.map((l) => escapeMarkdownLine(l, true)).join('\\\n'))
    .join('\n\n');
}

function cell(text: string): string {
  return text.replace(/\n/g, ' ');
}

function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => cell(mdIn(c))).join(' | ')} |`;
  const rule = `| ${head.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

function pushBlock(out: string[], block: Block): void {
  switch (block.kind) {
    case 'heading':
      out.push(`${'#'.repeat(block.level)} ${mdIn(block.text)}`);
      return;
    case 'field':
      out.push(fieldText(block.label, block.value, block.mono));
      return;
    case 'para':
      if (block.tone === 'strong') out.push(`**${mdIn(block.text)}**`);
      else if (block.tone === 'muted') out.push(`_${mdIn(block.text)}_`);
      else if (block.tone === 'warning') out.push(`> **${mdIn(block.text)}**`);
      else out.push(md(block.text));
      return;
    case 'text': {
      const text = textBlock(block.text);
      if (text !== '') out.push(text);
      return;
    }
    case 'list':
      out.push(block.items.map((i) => `- ${md(i)}`).join('\n'));
      return;
    case 'table':
      out.push(table(block.head, block.rows, block.numeric));
      return;
    case 'chart':
      return;
  }
}

/** A block squeezed into one table cell: lines joined by `<br>`. */
function inCell(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `**${mdIn(block.text)}**`;
    case 'field':
      return fieldText(block.label, block.value, block.mono);
    case 'para':
      return block.tone === 'muted'
        ? `_${mdIn(block.text)}_`
        : block.tone
          ? `**${mdIn(block.text)}**`
          : mdIn(block.text);
    case 'text':
      return paragraphs(block.text)
        .map((lines) => lines.map((l) => escapeMarkdownLine(l, false)).join('<br>'))
        .join('<br><br>');
    case 'list':
      return block.items.map((i) => `• ${mdIn(i)}`).join('<br>');
    case 'table':
      return [`**${block.head.map(mdIn).join(' · ')}**`, ...block.rows.map((r) => r.map(mdIn).join(' · '))].join(
        '<br>',
      );
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
        if (heading) pushBlock(out, heading);
        const first = row.blocks[0];
        if (first) pushBlock(out, first);
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
            out.push(`${'#'.repeat(lead.level)} ${texts.map(mdIn).join(' / ')}`);
            continue;
          }
          rows.push(`| ${pair.map((b) => (b ? cell(inCell(b)) : '')).join(' | ')} |`);
        }
      }
    }
    flush();
  }
}
