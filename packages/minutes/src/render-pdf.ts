import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Block, Layout } from './blocks.js';
import { groupBlocks, isLongGroup, joinedHeading, paragraphs, zipLayouts } from './blocks.js';
import { CHART_COLORS, chunkRows, timingChartSvg } from './chart.js';

/**
 * PDF with pdfmake (on pdfkit), set in DejaVu Sans: a font with full Cyrillic that ships in
 * an npm package (`dejavu-fonts-ttf`), so the server needs no system fonts; pdfkit embeds only
 * the glyphs used. pdfmake texts are plain strings, never markup, so users' text needs no
 * escaping here; the chart is the same SVG as in HTML.
 */
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

let configured = false;

/** pdfmake is a process-wide singleton: fonts and access policies are set once. */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    DejaVuSans: {
      normal: join(FONT_DIR, 'DejaVuSans.ttf'),
      bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
      italics: join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
      bolditalics: join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
    },
    DejaVuSansMono: {
      normal: join(FONT_DIR, 'DejaVuSansMono.ttf'),
      bold: join(FONT_DIR, 'DejaVuSansMono-Bold.ttf'),
      italics: join(FONT_DIR, 'DejaVuSansMono-Oblique.ttf'),
      bolditalics: join(FONT_DIR, 'DejaVuSansMono-BoldOblique.ttf'),
    },
  });
  // The minutes never load images or files: nothing from the network, only our fonts from disk.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR + sep));
  configured = true;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;

function blockContent(block: Block, width: number): Content[] {
  switch (block.kind) {
    case 'heading':
      return [{ text: block.text, style: `h${block.level}` }];
    case 'field':
      return [
        {
          text: [
            { text: `${block.label}: `, bold: true },
            block.mono ? { text: block.value, font: 'DejaVuSansMono', fontSize: 7.5 } : { text: block.value },
          ],
          margin: [0, 0, 0, 3],
        },
      ];
    case 'para':
      return [{ text: block.text, style: block.tone ?? 'para' }];
    case 'text':
      return paragraphs(block.text).map((lines): Content => ({ text: lines.join('\n'), margin: [0, 0, 0, 4] }));
    case 'list':
      return [{ ul: block.items, margin: [0, 0, 0, 4] }];
    case 'table':
      return [
        {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: block.head.map((_, i) => (block.numeric[i] ? 'auto' : '*')),
            body: [
              block.head.map((c, i) => ({
                text: c,
                bold: true,
                fillColor: '#eef2f6',
                alignment: block.numeric[i] ? ('right' as const) : ('left' as const),
              })),
              ...block.rows.map((r) =>
                r.map((c, i) => ({ text: c, alignment: block.numeric[i] ? ('right' as const) : ('left' as const) })),
              ),
            ],
          },
          layout: 'lightHorizontalLines',
          fontSize: width < 400 ? 7 : 8,
          margin: [0, 2, 0, 8],
        },
      ];
    case 'chart':
      return chartContent([block], width);
  }
}

function chartContent(blocks: Block[], width: number): Content[] {
  const charts = blocks.filter((b): b is Extract<Block, { kind: 'chart' }> => b.kind === 'chart');
  const first = charts[0];
  if (!first) return [];
  const join = (pick: (c: Extract<Block, { kind: 'chart' }>) => string) => [...new Set(charts.map(pick))].join(' / ');
  const max = Math.max(1, ...first.rows.map((r) => Math.max(r.plannedMin, r.actualMin)));
  const legend: Content = {
    text: [
      { text: join((c) => c.caption) },
      { text: '   ■ ', color: CHART_COLORS.planned },
      { text: join((c) => c.legend.planned) },
      { text: '   ■ ', color: CHART_COLORS.actual },
      { text: join((c) => c.legend.actual) },
      { text: '   ■ ', color: CHART_COLORS.over },
      { text: `> ${join((c) => c.legend.planned)}` },
    ],
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
function stackBlocks(blocks: readonly Block[], width: number): Content[] {
  return groupBlocks(blocks).map((group): Content => {
    const stack = group.flatMap((b) => blockContent(b, width));
    return group.length > 1 ? { unbreakable: true, stack } : { stack };
  });
}

/**
 * Rows of groups side by side as borderless tables, so that each English group stands level
 * with its Russian one. Runs of short groups never break inside a row; a group with a table
 * or a long text may run over a page.
 */
function sideBySide(cells: Block[][][], columnWidth: number): Content[] {
  const out: Content[] = [];
  let run: Block[][][] = [];
  let long = false;
  const flush = () => {
    if (run.length === 0) return;
    out.push({
      table: {
        widths: run[0]?.map(() => '*') ?? ['*'],
        dontBreakRows: !long,
        body: run.map((group) =>
          group.map((blocks) => ({ stack: blocks.flatMap((b) => blockContent(b, columnWidth)) })),
        ),
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
  const pageWidth = bilingual ? A4.height : A4.width;
  const contentWidth = pageWidth - 2 * MARGIN;
  const content: Content[] = [];
  if (!bilingual) {
    for (const section of first.sections) content.push(...stackBlocks(section.blocks, contentWidth));
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
              ? chartContent(row.blocks, contentWidth)
              : blockContent(lead, contentWidth)
            : [];
          // The heading stays on the page of the start of what it introduces.
          const [start, ...rest] = body;
          if (heading)
            content.push(
              { unbreakable: true, stack: [...blockContent(heading, contentWidth), ...(start ? [start] : [])] },
              ...rest,
            );
          else content.push(...body);
          continue;
        }
        content.push(...sideBySide(row.cells, columnWidth));
      }
    }
  }
  const title = layouts.map((l) => l.title).join(' / ');
  const doc: TDocumentDefinitions = {
    info: { title, creator: 'Rostrum', producer: 'Rostrum (pdfmake)' },
    pageSize: 'A4',
    pageOrientation: bilingual ? 'landscape' : 'portrait',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    defaultStyle: { font: 'DejaVuSans', fontSize: bilingual ? 8.5 : 9.5, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      h2: { fontSize: 12.5, bold: true, color: '#1f4e79', margin: [0, 14, 0, 5] },
      h3: { fontSize: 10.5, bold: true, margin: [0, 9, 0, 3] },
      h4: { fontSize: 9.5, bold: true, italics: true, margin: [0, 7, 0, 2] },
      para: { margin: [0, 0, 0, 4] },
      strong: { bold: true, margin: [0, 2, 0, 3] },
      muted: { italics: true, color: '#5b6470', margin: [0, 0, 0, 4] },
      warning: { bold: true, color: '#b03a2e', margin: [0, 2, 0, 6] },
    },
    footer: (currentPage: number, pageCount: number): Content => ({
      text: `${title} · ${currentPage} / ${pageCount}`,
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
