import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import { hasArabic, hasRtl, langDir, resolveDir, scriptRuns, type Dir, type DirSpec } from './bidi.js';
import type { Block, Layout } from './blocks.js';
import { blockDir, isLongGroup, joinedHeading, layoutDir, paragraphs, zipLayouts } from './blocks.js';
import { DOCX_ARABIC_FONT, DOCX_FONT } from './fonts.js';

/**
 * Word (DOCX) with the `docx` library, which writes every text as XML-escaped runs. Headings
 * use Word's heading styles (so the navigation pane and a table of contents work); tables
 * repeat their header row on each page. Bilingual minutes are landscape, each stretch of a
 * section a borderless two-column table. The chart is not drawn in DOCX: Annex B's table
 * says the same.
 *
 * Right to left (a block in `ar`, or a user's text that starts in Arabic): the paragraph is
 * `w:bidi` (Word lays it out right to left, bullets and table columns from the right), and the
 * Arabic-script runs are `w:rtl` with an Arabic-capable complex-script font (`w:rFonts w:cs`) and
 * `w:lang w:bidi`, so Word shapes and orders them itself; the text stays in logical order.
 * Left-to-right text without Arabic is written exactly as before.
 */
const HEADINGS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
} as const;

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 2, color: 'C9D1DC' } as const;
const MUTED = '5B6470';
const WARNING = 'B03A2E';

type RunStyle = { bold?: boolean; italics?: boolean; color?: string; font?: string; size?: number };

/** Where a paragraph's text runs: its direction, and the language its Arabic is tagged with. */
type Flow = { dir: Dir; lang: string };

const LTR: Flow = { dir: 'ltr', lang: 'en' };

/** The flow of a paragraph of `text` in a block of direction `dir` (`auto`: its first letter's). */
function flowOf(text: string, dir: DirSpec, lang: string): Flow {
  return { dir: resolveDir(dir, text, langDir(lang)), lang };
}

/** Whether a paragraph needs anything right to left (else it is written as it always was). */
function isPlain(text: string, flow: Flow): boolean {
  return flow.dir === 'ltr' && !hasRtl(text) && !hasArabic(text);
}

/** Word's language tag for Arabic-script runs: the block's own when right to left, else Arabic. */
function bidiLang(lang: string): string {
  return langDir(lang) === 'rtl' ? (lang === 'ar' ? 'ar-SA' : lang) : 'ar-SA';
}

/** Runs of one line: Arabic-script stretches right to left with the complex-script font. */
function scriptRunsOf(line: string, opts: RunStyle, flow: Flow, brk: boolean): TextRun[] {
  return scriptRuns(line).map(
    (run, i) =>
      new TextRun({
        text: run.text,
        break: brk && i === 0 ? 1 : undefined,
        ...opts,
        ...(run.arabic
          ? {
              rightToLeft: true,
              font: { ascii: opts.font ?? DOCX_FONT, hAnsi: opts.font ?? DOCX_FONT, cs: DOCX_ARABIC_FONT },
              language: { bidirectional: bidiLang(flow.lang) },
            }
          : {}),
      }),
  );
}

function lines(text: string, opts: RunStyle = {}, flow: Flow = LTR): TextRun[] {
  if (isPlain(text, flow)) {
    if (!text.includes('\n')) return [new TextRun({ text, ...opts })];
    return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...opts }));
  }
  const out: TextRun[] = [];
  text.split('\n').forEach((line, i) => {
    const runs = scriptRunsOf(line, opts, flow, i > 0);
    out.push(...(runs.length > 0 ? runs : [new TextRun({ text: '', break: i > 0 ? 1 : undefined, ...opts })]));
  });
  return out;
}

/** Paragraph options for a flow: `bidirectional` when right to left. */
function pdir(flow: Flow): { bidirectional?: boolean } {
  return flow.dir === 'rtl' ? { bidirectional: true } : {};
}

/**
 * A data table. Kept lean on purpose: the `docx` library makes many objects per element, and
 * a large meeting has thousands of cells, so formatting is set once on the table (margins)
 * and only where it differs on a cell (bold head, right-aligned numbers).
 */
function table(block: Extract<Block, { kind: 'table' }>, dir: DirSpec, lang: string): Table {
  const rtl = resolveDir(dir, block.head.join(' '), langDir(lang)) === 'rtl';
  const flow: Flow = { dir: rtl ? 'rtl' : 'ltr', lang };
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      children: [
        new Paragraph({
          // docx keeps LEFT and RIGHT on the side of the page they name, in a bidi paragraph too.
          alignment: block.numeric[i] ? (rtl ? AlignmentType.LEFT : AlignmentType.RIGHT) : undefined,
          ...pdir(flow),
          children: lines(text, head ? { bold: true } : {}, flow),
        }),
      ],
      shading: head ? { type: ShadingType.CLEAR, fill: 'EEF2F6', color: 'auto' } : undefined,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    // Right to left, the first column stands on the right (w:bidiVisual).
    ...(rtl ? { visuallyRightToLeft: true } : {}),
    margins: { top: 20, bottom: 20, left: 60, right: 60 },
    borders: {
      top: CELL_BORDER,
      bottom: CELL_BORDER,
      left: CELL_BORDER,
      right: CELL_BORDER,
      insideHorizontal: CELL_BORDER,
      insideVertical: CELL_BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: block.head.map((c, i) => cell(c, i, true)) }),
      ...block.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

function blockChildren(block: Block, lang: string): FileChild[] {
  const dir = blockDir(block, lang);
  const flow = (text: string) => flowOf(text, dir, lang);
  switch (block.kind) {
    case 'heading': {
      const f = flow(block.text);
      return [
        new Paragraph({
          heading: HEADINGS[block.level],
          keepNext: true,
          ...pdir(f),
          children: lines(block.text, {}, f),
        }),
      ];
    }
    case 'field': {
      const f = flow(`${block.label}: ${block.value}`);
      return [
        new Paragraph({
          spacing: { after: 60 },
          ...pdir(f),
          children: [
            ...lines(`${block.label}: `, { bold: true }, f),
            ...lines(block.value, block.mono ? { font: 'Consolas' } : {}, f),
          ],
        }),
      ];
    }
    case 'para': {
      const style =
        block.tone === 'strong'
          ? { bold: true }
          : block.tone === 'muted'
            ? { italics: true, color: MUTED }
            : block.tone === 'warning'
              ? { bold: true, color: WARNING }
              : {};
      const f = flow(block.text);
      return [new Paragraph({ spacing: { after: 80 }, ...pdir(f), children: lines(block.text, style, f) })];
    }
    case 'text': {
      const texts = paragraphs(block.text).map((ls) => {
        const text = ls.join('\n');
        const f = flow(text);
        return new Paragraph({ spacing: { after: 100 }, ...pdir(f), children: lines(text, {}, f) });
      });
      if (block.mark === undefined) return texts;
      // The mark is in the layout's language, not the text's.
      const f = flowOf(block.mark, langDir(lang), lang);
      const style = { italics: true, color: MUTED };
      return [...texts, new Paragraph({ spacing: { after: 80 }, ...pdir(f), children: lines(block.mark, style, f) })];
    }
    case 'list':
      return block.items.map((item) => {
        const f = flow(item);
        return new Paragraph({ bullet: { level: 0 }, ...pdir(f), children: lines(item, {}, f) });
      });
    case 'table':
      return [table(block, dir, lang), new Paragraph({ spacing: { after: 60 }, children: [] })];
    case 'chart':
      return [];
  }
}

/** A table cell must end with a paragraph. */
function cellChildren(blocks: Block[], lang: string): Array<Paragraph | Table> {
  const children = blocks
    .flatMap((b) => blockChildren(b, lang))
    .filter((c): c is Paragraph | Table => c instanceof Paragraph || c instanceof Table);
  if (!(children.at(-1) instanceof Paragraph)) children.push(new Paragraph({ children: [] }));
  return children;
}

export async function renderDocx(layouts: readonly Layout[]): Promise<Uint8Array> {
  const first = layouts[0];
  if (!first) throw new Error('no layout to render');
  const bilingual = layouts.length > 1;
  const children: FileChild[] = [];
  if (!bilingual) {
    for (const section of first.sections)
      for (const block of section.blocks) children.push(...blockChildren(block, first.lang));
  } else {
    for (const section of zipLayouts(layouts)) {
      for (const row of section.rows) {
        if (row.kind === 'wide') {
          const heading = joinedHeading(row.headings);
          if (heading) children.push(...blockChildren(heading, first.lang));
          const lead = row.blocks[0];
          if (lead) children.push(...blockChildren(lead, first.lang));
          continue;
        }
        // One table row per group, so that each group of the first language stands level with the second's.
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: layouts.map(() => Math.floor(15038 / layouts.length)),
            margins: { left: 80, right: 160 },
            borders: TableBorders.NONE,
            // Minutes whose first language is right to left start from the right (w:bidiVisual).
            ...(layoutDir(first) === 'rtl' ? { visuallyRightToLeft: true } : {}),
            rows: row.cells.map(
              (group) =>
                new TableRow({
                  cantSplit: !isLongGroup(group[0] ?? []),
                  children: group.map(
                    (blocks, li) => new TableCell({ children: cellChildren(blocks, layouts[li]?.lang ?? first.lang) }),
                  ),
                }),
            ),
          }),
        );
      }
    }
  }
  const title = layouts.map((l) => l.title).join(' / ');
  const footerFlow: Flow = { dir: layoutDir(first), lang: first.lang };
  const doc = new Document({
    creator: 'Rostrum',
    title,
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20 } },
        heading1: {
          run: { font: 'Arial', size: 32, bold: true, color: '1B1B1B' },
          paragraph: { spacing: { after: 160 } },
        },
        heading2: {
          run: { font: 'Arial', size: 26, bold: true, color: '1F4E79' },
          paragraph: { spacing: { before: 320, after: 120 } },
        },
        heading3: {
          run: { font: 'Arial', size: 22, bold: true, color: '1B1B1B' },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
        heading4: {
          run: { font: 'Arial', size: 20, bold: true, italics: true, color: '1B1B1B' },
          paragraph: { spacing: { before: 160, after: 60 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: 11906,
              height: 16838,
              orientation: bilingual ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: { top: 1000, bottom: 1000, left: 900, right: 900 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                ...pdir(footerFlow),
                children: isPlain(title, footerFlow)
                  ? [
                      new TextRun({
                        color: MUTED,
                        size: 16,
                        children: [`${title} · `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
                      }),
                    ]
                  : [
                      ...scriptRunsOf(`${title} · `, { color: MUTED, size: 16 }, footerFlow, false),
                      new TextRun({
                        color: MUTED,
                        size: 16,
                        children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
                      }),
                    ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
