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
import type { Block, Layout } from './blocks.js';
import { isLongGroup, joinedHeading, paragraphs, zipLayouts } from './blocks.js';

/**
 * Word (DOCX) with the `docx` library, which writes every text as XML-escaped runs. Headings
 * use Word's heading styles (so the navigation pane and a table of contents work); tables
 * repeat their header row on each page. Bilingual minutes are landscape, each stretch of a
 * section a borderless two-column table. The chart is not drawn in DOCX: Annex B's table
 * says the same.
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

function lines(
  text: string,
  opts: { bold?: boolean; italics?: boolean; color?: string; font?: string } = {},
): TextRun[] {
  if (!text.includes('\n')) return [new TextRun({ text, ...opts })];
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...opts }));
}

/**
 * A data table. Kept lean on purpose: the `docx` library makes many objects per element, and
 * a large meeting has thousands of cells, so formatting is set once on the table (margins)
 * and only where it differs on a cell (bold head, right-aligned numbers).
 */
function table(block: Extract<Block, { kind: 'table' }>): Table {
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: block.numeric[i] ? AlignmentType.RIGHT : undefined,
          children: lines(text, head ? { bold: true } : {}),
        }),
      ],
      shading: head ? { type: ShadingType.CLEAR, fill: 'EEF2F6', color: 'auto' } : undefined,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
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

function blockChildren(block: Block): FileChild[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[block.level], keepNext: true, children: lines(block.text) })];
    case 'field':
      return [
        new Paragraph({
          spacing: { after: 60 },
          children: [
            new TextRun({ text: `${block.label}: `, bold: true }),
            ...lines(block.value, block.mono ? { font: 'Consolas' } : {}),
          ],
        }),
      ];
    case 'para': {
      const style =
        block.tone === 'strong'
          ? { bold: true }
          : block.tone === 'muted'
            ? { italics: true, color: MUTED }
            : block.tone === 'warning'
              ? { bold: true, color: WARNING }
              : {};
      return [new Paragraph({ spacing: { after: 80 }, children: lines(block.text, style) })];
    }
    case 'text':
      return paragraphs(block.text).map(
        (ls) => new Paragraph({ spacing: { after: 100 }, children: lines(ls.join('\n')) }),
      );
    case 'list':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: lines(item) }));
    case 'table':
      return [table(block), new Paragraph({ spacing: { after: 60 }, children: [] })];
    case 'chart':
      return [];
  }
}

/** A table cell must end with a paragraph. */
function cellChildren(blocks: Block[]): Array<Paragraph | Table> {
  const children = blocks
    .flatMap(blockChildren)
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
    for (const section of first.sections) for (const block of section.blocks) children.push(...blockChildren(block));
  } else {
    for (const section of zipLayouts(layouts)) {
      for (const row of section.rows) {
        if (row.kind === 'wide') {
          const heading = joinedHeading(row.headings);
          if (heading) children.push(...blockChildren(heading));
          const lead = row.blocks[0];
          if (lead) children.push(...blockChildren(lead));
          continue;
        }
        // One table row per group, so that each English group stands level with its Russian one.
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: layouts.map(() => Math.floor(15038 / layouts.length)),
            margins: { left: 80, right: 160 },
            borders: TableBorders.NONE,
            rows: row.cells.map(
              (group) =>
                new TableRow({
                  cantSplit: !isLongGroup(group[0] ?? []),
                  children: group.map((blocks) => new TableCell({ children: cellChildren(blocks) })),
                }),
            ),
          }),
        );
      }
    }
  }
  const title = layouts.map((l) => l.title).join(' / ');
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
                children: [
                  new TextRun({
                    color: MUTED,
                    size: 16,
                    children: [`${title} · `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
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
