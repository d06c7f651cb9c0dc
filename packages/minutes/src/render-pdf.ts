import { sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { langDir, resolveDir, type Dir, type DirSpec } from './bidi.js';
import type { Block, Layout } from './blocks.js';
import { blockDir, groupBlocks, layoutDir, isLongGroup, joinedHeading, paragraphs, zipLayouts } from './blocks.js';
import { CHART_COLORS, chunkRows, timingChartSvg } from './chart.js';
import { FONT_DIRS, PDF_FONTS } from './fonts.js';
import { bidiParts, installPdfBidi, partsDir, type PdfPart } from './pdf-bidi.js';

/**
 * PDF with pdfmake (on pdfkit), set in DejaVu Sans with Arabic script in Amiri (fonts.ts):
 * fonts from npm packages, so the server needs no system fonts; pdfkit embeds only the glyphs
 * used. Right-to-left and mixed text is shaped by fontkit and put in visual order by the
 * Unicode Bidirectional Algorithm line by line (pdf-bidi.ts); a block's direction is its
 * language's (`ar` right to left), and right to left, paragraphs align right, tables run from
 * the right and bullets stand on the right. pdfmake texts are plain strings, never markup, so
 * users' text needs no escaping here; the chart is the same SVG as in HTML.
 */
let configured = false;

/** pdfmake is a process-wide singleton: fonts and access policies are set once. */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts(PDF_FONTS);
  // The minutes never load images or files: nothing from the network, only our fonts from disk.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_DIRS.some((dir) => path.startsWith(dir + sep)));
  installPdfBidi();
  configured = true;
}

type Alignment = 'left' | 'right' | 'center';

/**
 * A text node's text (and alignment) for one paragraph: the text unchanged when it is left to
 * right with nothing right to left in it (so English and Russian PDFs stay as they were), else
 * script runs tagged with the paragraph's direction, right-aligned when that is right to left.
 */
function para(
  text: string | PdfPart[],
  dir: DirSpec,
  fallback: Dir,
  size: number,
): { text: string | PdfPart[]; alignment?: Alignment } {
  const parts = typeof text === 'string' ? [{ text }] : text;
  const runs = bidiParts(parts, dir, fallback, size);
  if (!runs) return { text };
  return partsDir(parts, dir, fallback) === 'rtl' ? { text: runs, alignment: 'right' } : { text: runs };
}

/**
 * `node` (a literal starting with `text`) aligned as the paragraph runs. Nodes are written as
 * literals in the shape pdfmake has always been given, not spread: pdfmake reads their
 * properties in hot loops, and objects of new shapes made the English PDF 20–40% slower.
 */
function aligned(node: ContentText, p: { alignment?: Alignment }): ContentText {
  if (p.alignment) node.alignment = p.alignment;
  return node;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;

/** The language of the text and the font size it is set in (the document's, in bilingual minutes smaller). */
type Ctx = { lang: string; size: number };

const HEADING_SIZES = { 1: 16, 2: 12.5, 3: 10.5, 4: 9.5 } as const;

function blockContent(block: Block, width: number, ctx: Ctx): Content[] {
  const dir = blockDir(block, ctx.lang);
  const fallback = langDir(ctx.lang);
  const t = (text: string | PdfPart[], size = ctx.size) => para(text, dir, fallback, size);
  switch (block.kind) {
    case 'heading': {
      const p = t(block.text, HEADING_SIZES[block.level]);
      return [aligned({ text: p.text, style: `h${block.level}` }, p)];
    }
    case 'field': {
      const p = t([
        { text: `${block.label}: `, bold: true },
        block.mono ? { text: block.value, font: 'DejaVuSansMono', fontSize: 7.5 } : { text: block.value },
      ]);
      return [aligned({ text: p.text, margin: [0, 0, 0, 3] }, p)];
    }
    case 'para': {
      const p = t(block.text);
      return [aligned({ text: p.text, style: block.tone ?? 'para' }, p)];
    }
    case 'text': {
      const texts = paragraphs(block.text).map((lines): Content => {
        const p = t(lines.join('\n'));
        return aligned({ text: p.text, margin: [0, 0, 0, 4] }, p);
      });
      if (block.mark === undefined) return texts;
      // The mark is in the layout's language, not the text's.
      const p = para(block.mark, fallback, fallback, ctx.size);
      return [...texts, aligned({ text: p.text, style: 'muted' }, p)];
    }
    case 'list':
      return listContent(block.items, dir, fallback, ctx.size);
    case 'table':
      return [tableContent(block, width, resolveDir(dir, block.head.join(' '), fallback), fallback)];
    case 'chart':
      return chartContent([block], width, ctx.lang);
  }
}

/** A bulleted list; right to left, the bullets stand on the right. */
function listContent(items: readonly string[], dir: DirSpec, fallback: Dir, size: number): Content[] {
  const texts = items.map((item) => para(item, dir, fallback, size));
  if (resolveDir(dir, items.join(' '), fallback) === 'ltr') {
    const plain = texts.every((x, i) => x.text === items[i]);
    return [{ ul: plain ? [...items] : texts, margin: [0, 0, 0, 4] }];
  }
  return [
    {
      stack: texts.map((x): Content => ({
        columns: [
          { ...x, alignment: 'right', width: '*' },
          { text: '•', width: 8, alignment: 'right' },
        ],
        columnGap: 4,
      })),
      margin: [0, 0, 0, 4],
    },
  ];
}

/** A data table; right to left, its columns run from the right and numbers align left. */
function tableContent(block: Extract<Block, { kind: 'table' }>, width: number, dir: Dir, fallback: Dir): Content {
  const rtl = dir === 'rtl';
  const order = block.head.map((_, i) => i);
  if (rtl) order.reverse();
  const start: Alignment = rtl ? 'right' : 'left';
  const end: Alignment = rtl ? 'left' : 'right';
  const size = width < 400 ? 7 : 8;
  // Literal objects in the order pdfmake has always been given them (its property look-ups stay fast).
  const align = (i: number) => (block.numeric[i] ? end : start);
  const text = (c: string) => para(c, dir, fallback, size).text;
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: order.map((i) => (block.numeric[i] ? 'auto' : '*')),
      body: [
        order.map((i) => ({ text: text(block.head[i] ?? ''), bold: true, fillColor: '#eef2f6', alignment: align(i) })),
        ...block.rows.map((r) => order.map((i) => ({ text: text(r[i] ?? ''), alignment: align(i) }))),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: size,
    margin: [0, 2, 0, 8],
  };
}

function chartContent(blocks: Block[], width: number, lang: string): Content[] {
  const charts = blocks.filter((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart');
  const first = charts[0];
  if (!first) return [];
  const join = (pick: (c: Extract<Block, { kind: 'chart' }>) => string) => [...new Set(charts.map(pick))].join(' / ');
  const max = Math.max(1, ...first.rows.map((r) => Math.max(r.plannedMin, r.actualMin)));
  const legend: Content = {
    ...para(
      [
        { text: join((c) => c.caption) },
        { text: '   ■ ', color: CHART_COLORS.planned },
        { text: join((c) => c.legend.planned) },
        { text: '   ■ ', color: CHART_COLORS.actual },
        { text: join((c) => c.legend.actual) },
        { text: '   ■ ', color: CHART_COLORS.over },
        { text: `> ${join((c) => c.legend.planned)}` },
      ],
      blockDir(first, lang),
      langDir(lang),
      8,
    ),
    fontSize: 8,
    margin: [0, 2, 0, 6],
  };
  // One drawing per chunk of rows: an SVG cannot be split across pages.
  const parts = chunkRows(first.rows).map((rows): Content => ({
    svg: timingChartSvg(rows, { title: join((c) => c.caption), max, width: 640 }),
    width: Math.min(width, 480),
  }));
  return [legend, ...parts];
}

/** Blocks as pdfmake content; a heading is kept on the page of the short block after it. */
function stackBlocks(blocks: readonly Block[], width: number, ctx: Ctx): Content[] {
  return groupBlocks(blocks).map((group): Content => {
    const stack = group.flatMap((b) => blockContent(b, width, ctx));
    return group.length > 1 ? { unbreakable: true, stack } : { stack };
  });
}

/**
 * Rows of groups side by side as borderless tables, so that each group of the first language
 * stands level with the second's; each column is set in its own language's direction. Runs of short groups never break inside a row; a group with a table
 * or a long text may run over a page.
 */
function sideBySide(cells: Block[][][], columnWidth: number, ctxs: readonly Ctx[]): Content[] {
  const firstRtl = langDir(ctxs[0]?.lang ?? 'en') === 'rtl';
  const out: Content[] = [];
  let run: Block[][][] = [];
  let long = false;
  const flush = () => {
    if (run.length === 0) return;
    out.push({
      table: {
        widths: run[0]?.map(() => '*') ?? ['*'],
        dontBreakRows: !long,
        body: run.map((group) => {
          const cells = group.map((blocks, li) => ({
            stack: blocks.flatMap((b) => blockContent(b, columnWidth, ctxs[li] ?? ctxs[0] ?? { lang: 'en', size: 9 })),
          }));
          // Minutes whose first language is right to left start from the right: its column is the rightmost.
          return firstRtl ? cells.reverse() : cells;
        }),
      },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: () => 0,
        paddingLeft: (i: number) => (i === 0 ? 0 : 9),
        paddingRight: (i: number, node) => (i === (node.table.widths?.length ?? 1) - 1 ? 0 : 9),
        paddingTop: () => 0,
        paddingBottom: () => 0,
      },
    });
    run = [];
  };
  for (const group of cells) {
    const isLong = isLongGroup(group[0] ?? []);
    if (run.length > 0 && isLong !== long) flush();
    long = isLong;
    run.push(group);
  }
  flush();
  return out;
}

export async function renderPdf(layouts: readonly Layout[]): Promise<Uint8Array> {
  configure();
  const first = layouts[0];
  if (!first) throw new Error('no layout to render');
  const bilingual = layouts.length > 1;
  const size = bilingual ? 8.5 : 9.5;
  const ctxs: Ctx[] = layouts.map((l) => ({ lang: l.lang, size }));
  const ctx: Ctx = { lang: first.lang, size };
  const pageWidth = bilingual ? A4.height : A4.width;
  const contentWidth = pageWidth - 2 * MARGIN;
  const content: Content[] = [];
  if (!bilingual) {
    for (const section of first.sections) content.push(...stackBlocks(section.blocks, contentWidth, ctx));
  } else {
    const gap = 18;
    const columnWidth = (contentWidth - gap * (layouts.length - 1)) / layouts.length;
    for (const section of zipLayouts(layouts)) {
      for (const row of section.rows) {
        if (row.kind === 'wide') {
          const heading = joinedHeading(row.headings);
          const lead = row.blocks[0];
          const body = lead
            ? lead.kind === 'chart'
              ? chartContent(row.blocks, contentWidth, first.lang)
              : blockContent(lead, contentWidth, ctx)
            : [];
          // The heading stays on the page of the start of what it introduces.
          const [start, ...rest] = body;
          if (heading)
            content.push(
              {
                unbreakable: true,
                stack: [...blockContent(heading, contentWidth, ctx), ...(start ? [start] : [])],
              },
              ...rest,
            );
          else content.push(...body);
          continue;
        }
        content.push(...sideBySide(row.cells, columnWidth, ctxs));
      }
    }
  }
  const title = layouts.map((l) => l.title).join(' / ');
  const doc: TDocumentDefinitions = {
    info: { title, creator: 'Rostrum', producer: 'Rostrum (pdfmake)' },
    pageSize: 'A4',
    pageOrientation: bilingual ? 'landscape' : 'portrait',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    defaultStyle: { font: 'DejaVuSans', fontSize: size, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: HEADING_SIZES[1], bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: HEADING_SIZES[2], bold: true, color: '#1f4e79', margin: [0, 14, 0, 5] },
      h3: { fontSize: HEADING_SIZES[3], bold: true, margin: [0, 9, 0, 3] },
      h4: { fontSize: HEADING_SIZES[4], bold: true, italics: true, margin: [0, 7, 0, 2] },
      para: { margin: [0, 0, 0, 4] },
      strong: { bold: true, margin: [0, 2, 0, 3] },
      muted: { italics: true, color: '#5b6470', margin: [0, 0, 0, 4] },
      warning: { bold: true, color: '#b03a2e', margin: [0, 2, 0, 6] },
    },
    footer: (currentPage: number, pageCount: number): Content => ({
      ...para(`${title} · ${currentPage} / ${pageCount}`, layoutDir(first), layoutDir(first), 7),
      alignment: 'center',
      fontSize: 7,
      color: '#5b6470',
      margin: [MARGIN, 12, MARGIN, 0],
    }),
    content,
  };
  const buffer = await pdfmake.createPdf(doc).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
