import { describe, expect, it } from 'vitest';
import type { Lang } from '@rostrum/core';
import { firstStrongDir, langDir, scriptRuns } from './bidi.js';
import type { Block, Layout } from './blocks.js';
import { layoutMinutes } from './layout.js';
import { buildMinutes } from './model.js';
import { bidiParts, reorderLine } from './pdf-bidi.js';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import { ARABIC_SENTENCE, arabicLayout, collapse, docxText, docxXml, pdfText, recordedInput } from './testing/index.js';

/**
 * Right-to-left minutes: Arabic shaped and set right to left in the PDF (fontkit's shaping,
 * bidi-js's ordering, Amiri) and marked right to left in the DOCX (w:bidi, w:rtl), both reading
 * back in logical order. The layouts here are made by hand or turned into pseudo-Arabic
 * (testing/arabic.ts), to try every kind of block; the minutes of a real meeting held in Arabic
 * are tested in languages.test.ts.
 */
const AR = 'ar' as Lang;

function layout(lang: Lang, blocks: Block[], title = 'محضر الاجتماع'): Layout {
  return { lang, title, sections: [{ id: 's', blocks }] };
}

/** For comparing extracted text: presentation forms folded (NFKC), canonical order (NFC), no whitespace. */
function norm(text: string): string {
  return text.normalize('NFKC').normalize('NFC').replace(/\s+/g, '');
}

type PdfItem = { str: string; x: number; y: number };
type PdfGlyph = { unicode: string; cid: number; width: number };

/** The first page's text items (with positions) and the glyphs it shows (pdf.js's operator list). */
async function firstPage(pdf: Uint8Array): Promise<{ items: PdfItem[]; glyphs: PdfGlyph[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const items: PdfItem[] = [];
  for (const item of content.items)
    if ('str' in item && item.str.trim() !== '')
      items.push({ str: item.str, x: item.transform[4], y: item.transform[5] });
  const ops = await page.getOperatorList();
  const glyphs: PdfGlyph[] = [];
  ops.fnArray.forEach((fn, i) => {
    if (fn !== pdfjs.OPS.showText) return;
    for (const g of (ops.argsArray[i] as unknown[][])[0] ?? []) {
      if (!g || typeof g !== 'object') continue; // a number: a spacing adjustment
      const glyph = g as { unicode?: unknown; originalCharCode?: unknown; width?: unknown };
      glyphs.push({ unicode: String(glyph.unicode), cid: Number(glyph.originalCharCode), width: Number(glyph.width) });
    }
  });
  await doc.destroy();
  return { items, glyphs };
}

describe('direction helpers', () => {
  it('knows the right-to-left languages and a text’s first strong direction', () => {
    expect(langDir('ar')).toBe('rtl');
    expect(langDir('ar-EG')).toBe('rtl');
    expect(['en', 'fr', 'es', 'ru'].map(langDir)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
    expect(firstStrongDir('10:00 افتتح')).toBe('rtl');
    expect(firstStrongDir('Belgium افتتح')).toBe('ltr');
    expect(firstStrongDir('12:00', 'rtl')).toBe('rtl');
  });

  it('cuts text where Arabic script starts and ends, spaces and digits going with the run before', () => {
    expect(scriptRuns(ARABIC_SENTENCE)).toEqual([
      { text: 'افتتح الرئيس الاجتماع في الساعة 10:00 ورحّب بوفد ', arabic: true },
      { text: 'Belgium', arabic: false },
    ]);
    expect(scriptRuns('(1) Belgium')).toEqual([{ text: '(1) Belgium', arabic: false }]);
  });

  it('leaves left-to-right text without Arabic to pdfmake as it was', () => {
    expect(bidiParts([{ text: 'Совещание открыто в 10:00' }], 'ltr', 'ltr', 9.5)).toBeNull();
    expect(bidiParts([{ text: 'Notes' }], 'auto', 'ltr', 9.5)).toBeNull();
    expect(bidiParts([{ text: 'Belgium' }], 'rtl', 'rtl', 9.5)).not.toBeNull();
  });
});

describe('line reordering (UAX #9 rule L2 over units)', () => {
  /** A stand-in for pdfkit's font: fontkit guesses right to left from the first Arabic letter and reverses. */
  const font = {
    layoutRun: (text: string) => ({
      direction: /^[^A-Za-z\u0600-\u06ff]*[\u0600-\u06ff]/.test(text) ? 'rtl' : 'ltr',
      advanceWidth: [...text].length * 500,
    }),
  };
  const inline = (text: string) => ({ text, x: 0, width: 0, font, fontSize: 10, rostrumDir: 'rtl' });

  it('places the units of a right-to-left line from the right, each laid out whole', () => {
    const line = {
      inlines: ['افتتح ', 'الساعة ', '10:00 ', 'ورحّب ', 'Belgium'].map(inline),
      inlineWidths: 0,
      leadingCut: 0,
      trailingCut: 0,
    };
    reorderLine(line);
    // Logical order kept in the stream; visual order by x, right to left: Arabic, 10:00, Arabic, Belgium.
    const byX = [...line.inlines].sort((a, b) => a.x - b.x).map((i) => i.text);
    expect(byX).toEqual(['Belgium', ' ورحّب ', '10:00', 'افتتح الساعة ']);
    expect(line.inlines.map((i) => i.text)).toEqual(['افتتح الساعة ', '10:00', ' ورحّب ', 'Belgium']);
    expect(line.inlineWidths).toBe(line.inlines.reduce((w, i) => w + i.width, 0));
  });

  it('mirrors brackets at right-to-left levels and reverses what fontkit would not', () => {
    const line = { inlines: [inline('البند (1) ')], inlineWidths: 0, leadingCut: 0, trailingCut: 5 };
    reorderLine(line);
    // "البند (" is right to left (the bracket mirrored to ")"), "1" left to right, ")" alone is
    // neutral-only, so fontkit would not reverse it: it is handed over already mirrored.
    expect(line.inlines.map((i) => i.text)).toEqual(['البند )', '1', '(']);
    const byX = [...line.inlines].sort((a, b) => a.x - b.x).map((i) => i.text);
    expect(byX).toEqual(['(', '1', 'البند )']);
  });

  it('leaves untagged lines alone', () => {
    const line = {
      inlines: [{ ...inline('Plain '), rostrumDir: undefined }],
      inlineWidths: 7,
      leadingCut: 0,
      trailingCut: 0,
    };
    reorderLine(line);
    expect(line.inlines[0]?.text).toBe('Plain ');
    expect(line.inlineWidths).toBe(7);
  });
});

describe('the PDF sets Arabic right to left, shaped, and reads back in logical order', () => {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'الدورة الخامسة والعشرون' },
    { kind: 'para', text: ARABIC_SENTENCE },
    { kind: 'para', text: 'ب ل ج ي ك ا — بلجيكا' },
    { kind: 'table', head: ['الوفد', 'المدة'], rows: [['بلجيكا', '12:30']], numeric: [false, true] },
  ];

  it('extracts the sentence in logical order (pdf.js)', async () => {
    const pdf = await renderPdf([layout(AR, blocks)]);
    const text = await pdfText(pdf);
    expect(norm(text)).toContain(norm(ARABIC_SENTENCE));
    // Word by word, in the order written.
    const words = collapse(ARABIC_SENTENCE).split(' ');
    const at = words.map((w) => norm(text).indexOf(norm(w)));
    expect(at.every((p, i) => p >= 0 && (i === 0 || p > (at[i - 1] ?? -1)))).toBe(true);
  });

  it('lays the line out right to left: the first word rightmost, the Latin name at the left end', async () => {
    const { items } = await firstPage(await renderPdf([layout(AR, blocks)]));
    const first = items.find((i) => i.str.includes('افتتح'));
    const name = items.find((i) => i.str.includes('Belgium'));
    const time = items.find((i) => i.str.includes('10:00'));
    if (!first || !name || !time) throw new Error('sentence not found');
    const line = items.filter((i) => Math.abs(i.y - first.y) < 1);
    expect(first.x).toBe(Math.max(...line.map((i) => i.x)));
    expect(name.x).toBe(Math.min(...line.map((i) => i.x)));
    expect(name.x).toBeLessThan(time.x);
    expect(time.x).toBeLessThan(first.x);
  });

  it('shapes Arabic: letters joined in a word are other glyphs than the same letters alone', async () => {
    const { glyphs } = await firstPage(await renderPdf([layout(AR, blocks)]));
    for (const letter of ['ب', 'ل', 'ج', 'ي', 'ك']) {
      const forms = new Set(glyphs.filter((g) => g.unicode === letter).map((g) => `${g.cid}/${g.width}`));
      expect(forms.size, `forms of ${letter}`).toBeGreaterThanOrEqual(2);
    }
  });

  // Two whole PDFs built and read back: more than the default 5 s on a loaded machine.
  it('sets pseudo-Arabic minutes of the recorded meeting, alone and beside English', async () => {
    const minutes = buildMinutes(recordedInput());
    const en = layoutMinutes(minutes, 'en');
    const ar = arabicLayout(layoutMinutes(minutes, 'en'));
    const heading = ar.sections[0]?.blocks.find((b) => b.kind === 'heading');
    if (heading?.kind !== 'heading') throw new Error('no heading');
    for (const layouts of [[ar], [en, arabicLayout(en)]]) {
      const text = norm(await pdfText(await renderPdf(layouts)));
      expect(text).toContain(norm(heading.text));
    }
  }, 30_000);
});

describe('the DOCX marks Arabic right to left and keeps it in logical order', () => {
  it('has bidi paragraphs, rtl runs with a complex-script font, and the text as written', async () => {
    const docx = await renderDocx([
      layout(AR, [
        { kind: 'para', text: ARABIC_SENTENCE },
        { kind: 'list', items: ['بلجيكا', 'فرنسا'] },
        { kind: 'table', head: ['الوفد', 'المدة'], rows: [['بلجيكا', '12:30']], numeric: [false, true] },
      ]),
    ]);
    const xml = docxXml(docx);
    const para = xml.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?افتتح[\s\S]*?<\/w:p>/)?.[0] ?? '';
    expect(para).toContain('<w:bidi/>');
    const runs = para.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
    const arabic = runs.find((r) => r.includes('افتتح'));
    const latin = runs.find((r) => r.includes('Belgium'));
    expect(arabic).toContain('<w:rtl/>');
    expect(arabic).toMatch(/<w:rFonts [^>]*w:cs="Arial"/);
    expect(arabic).toContain('w:bidi="ar-SA"');
    expect(latin).not.toContain('<w:rtl/>');
    expect(collapse(docxText(docx))).toContain(ARABIC_SENTENCE);
    expect(xml).toContain('<w:bidiVisual/>');
  });

  it('gives notes that start in Arabic a right-to-left paragraph in English minutes', async () => {
    const xml = docxXml(
      await renderDocx([
        layout('en', [{ kind: 'text', text: `${ARABIC_SENTENCE}\n\nPlain English.`, auto: true }], 'Minutes'),
      ]),
    );
    const paras = xml.match(/<w:p>[\s\S]*?<\/w:p>/g) ?? [];
    expect(paras.find((p) => p.includes('افتتح'))).toContain('<w:bidi/>');
    expect(paras.find((p) => p.includes('Plain English.'))).not.toContain('<w:bidi/>');
  });

  it('sets English and Arabic side by side', async () => {
    const minutes = buildMinutes(recordedInput());
    const en = layoutMinutes(minutes, 'en');
    const docx = await renderDocx([en, arabicLayout(en)]);
    const text = collapse(docxText(docx));
    expect(text).toContain(minutes.meeting.title.en);
    expect(docxXml(docx)).toContain('<w:rtl/>');
  });
});
