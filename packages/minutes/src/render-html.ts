import { langDir, type Dir } from './bidi.js';
import type { Block, Layout } from './blocks.js';
import { blockDir, joinedHeading, layoutDir, paragraphs, zipLayouts } from './blocks.js';
import { CHART_COLORS, chunkRows, timingChartSvg } from './chart.js';
import { escapeHtml as h } from './escape.js';
import { LABELS } from './labels.js';

/**
 * One self-contained HTML file, ready to print (A4): styles inline, the chart as inline SVG,
 * nothing fetched. A Content-Security-Policy that allows no script is part of the file, so
 * even a mistake in escaping could not run code when the file is opened.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 10.5pt/1.45 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 12mm 8mm; }
main.bilingual { max-width: 277mm; }
h1 { font-size: 17pt; margin: 0 0 8pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; padding-bottom: 2pt; border-bottom: 1px solid #c9d1dc; break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 10pt 0 3pt; break-after: avoid; }
p { margin: 0 0 5pt; }
.label { font-weight: 600; }
.strong { font-weight: 600; }
.muted { color: #5b6470; font-style: italic; }
.warning { border-left: 3pt solid #b03a2e; padding: 3pt 6pt; background: #fbeeed; font-weight: 600; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; word-break: break-all; }
.text { margin: 0 0 6pt; }
.text p { white-space: pre-wrap; }
ul { margin: 0 0 6pt; padding-left: 16pt; }
table { width: 100%; border-collapse: collapse; margin: 2pt 0 8pt; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 2pt 5pt; border-bottom: 0.5pt solid #d5dbe3; }
th { background: #eef2f6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.bi { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8mm; }
.bi > div { min-width: 0; }
figure { margin: 6pt 0 10pt; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
.swatch { display: inline-block; width: 9pt; height: 9pt; margin: 0 3pt -1pt 8pt; }
section { break-inside: auto; }
@page { size: A4; margin: 16mm 14mm; }
@page :first { margin-top: 14mm; }
@media print { main { padding: 0; max-width: none; } main.bilingual { font-size: 9pt; } }
`;

/**
 * Minutes with a right-to-left language: tables, lists and the warning bar follow each
 * element's own direction (logical properties), so that an Arabic column and a French one each
 * read from their own side. Only added when a language is right to left, so that the other
 * minutes stay as they were.
 */
const RTL_STYLE = `
th, td { text-align: start; }
td.num, th.num { text-align: end; }
ul { padding-left: 0; padding-inline-start: 16pt; }
.warning { border-left: none; border-inline-start: 3pt solid #b03a2e; }
:lang(ar) { font-family: "Amiri", "Noto Naskh Arabic", "Arial", sans-serif; }
`;

/**
 * The `lang` and `dir` attributes of a block whose language or direction is not that of what
 * holds it: a text shown in the original (another language), the notes (`dir="auto"`).
 */
function attrs(block: Block, lang: string): string {
  const own = block.lang !== undefined && block.lang !== lang ? ` lang="${h(block.lang)}"` : '';
  const dir = blockDir(block, lang);
  return dir === langDir(lang) ? own : `${own} dir="${dir}"`;
}

/** A user's text; `dir="auto"` goes on each paragraph, which takes the direction of its own first letter. */
function textHtml(text: string, attributes: string): string {
  const auto = attributes.includes('dir="auto"');
  const outer = auto ? attributes.replace(' dir="auto"', '') : attributes;
  return `<div class="text"${outer}>${paragraphs(text)
    .map((lines) => `<p${auto ? ' dir="auto"' : ''}>${lines.map(h).join('<br>')}</p>`)
    .join('')}</div>`;
}

function chartHtml(blocks: Block[]): string {
  const charts = blocks.filter((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart');
  const first = charts[0];
  if (!first) return '';
  const join = (pick: (c: Extract<Block, { kind: 'chart' }>) => string) =>
    [...new Set(charts.map(pick))].map(h).join(' / ');
  const max = Math.max(1, ...first.rows.map((r) => Math.max(r.plannedMin, r.actualMin)));
  const caption = join((c) => c.caption);
  const legend =
    `<span class="swatch" style="background:${CHART_COLORS.planned}"></span>${join((c) => c.legend.planned)}` +
    `<span class="swatch" style="background:${CHART_COLORS.actual}"></span>${join((c) => c.legend.actual)}` +
    `<span class="swatch" style="background:${CHART_COLORS.over}"></span>&gt; ${join((c) => c.legend.planned)}`;
  // The same scale for every part, so that bars compare across pages.
  return chunkRows(first.rows)
    .map(
      (rows) =>
        `<figure>${timingChartSvg(rows, { title: charts.map((c) => c.caption).join(' / '), max })}<figcaption>${caption}${legend}</figcaption></figure>`,
    )
    .join('');
}

/** A block of a layout in `lang` (the language of what holds it). */
function blockHtml(block: Block, lang: string): string {
  const a = attrs(block, lang);
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}${a}>${h(block.text)}</h${block.level}>`;
    case 'field': {
      const value = block.mono ? `<code>${h(block.value)}</code>` : h(block.value);
      return `<p class="field"${a}><span class="label">${h(block.label)}:</span> ${value}</p>`;
    }
    case 'para':
      return `<p${block.tone ? ` class="${block.tone}"` : ''}${a}>${h(block.text)}</p>`;
    case 'text':
      // The mark is in the language of what holds the text: outside the text's own `lang`.
      return `${textHtml(block.text, a)}${block.mark === undefined ? '' : `<p class="muted">${h(block.mark)}</p>`}`;
    case 'list':
      return `<ul${a}>${block.items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const cls = (i: number) => (block.numeric[i] ? ' class="num"' : '');
      const head = block.head.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join('');
      const rows = block.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${h(c)}</td>`).join('')}</tr>`).join('');
      return `<table${a}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'chart':
      return chartHtml([block]);
  }
}

/**
 * The HTML minutes. The document's `lang` and `dir` are the first language's; side by side,
 * each column has its own (`<div lang="ar" dir="rtl">`), and the grid runs from the side the
 * first language starts from.
 */
export function renderHtml(layouts: readonly Layout[]): string {
  const first = layouts[0];
  if (!first) throw new Error('no layout to render');
  const bilingual = layouts.length > 1;
  const docDir: Dir = layoutDir(first);
  const rtl = layouts.some((l) => layoutDir(l) === 'rtl');
  const body: string[] = [];
  if (!bilingual) {
    for (const section of first.sections)
      body.push(
        `<section id="${h(section.id)}">${section.blocks.map((b) => blockHtml(b, first.lang)).join('')}</section>`,
      );
  } else {
    for (const section of zipLayouts(layouts)) {
      const rows = section.rows.map((row) => {
        if (row.kind === 'wide') {
          const lead = row.blocks[0];
          if (!lead) return '';
          const heading = joinedHeading(row.headings);
          return `<div class="wide">${heading ? blockHtml(heading, first.lang) : ''}${lead.kind === 'chart' ? chartHtml(row.blocks) : blockHtml(lead, first.lang)}</div>`;
        }
        // One grid row per group: each group of the first language stands level with the second's.
        const cells = row.cells.map((group) =>
          group
            .map((blocks, i) => {
              const lang = layouts[i]?.lang ?? first.lang;
              const dir = langDir(lang);
              return `<div lang="${h(lang)}"${dir === docDir ? '' : ` dir="${dir}"`}>${blocks.map((b) => blockHtml(b, lang)).join('')}</div>`;
            })
            .join(''),
        );
        return `<div class="bi">${cells.join('')}</div>`;
      });
      body.push(`<section id="${h(section.id)}">${rows.join('')}</section>`);
    }
  }
  const title = layouts.map((l) => l.title).join(' / ');
  const names = layouts.map((l) => LABELS[l.lang].languageName).join(' · ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${h(first.lang)}"${docDir === 'rtl' ? ' dir="rtl"' : ''}>`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Rostrum">',
    `<title>${h(title)}</title>`,
    // Two languages side by side need the width of a landscape page.
    `<style>${STYLE}${rtl ? RTL_STYLE : ''}${bilingual ? '@page { size: A4 landscape; }\n' : ''}</style>`,
    '</head>',
    `<body><main class="minutes${bilingual ? ' bilingual' : ''}" data-languages="${h(names)}">`,
    body.join('\n'),
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
