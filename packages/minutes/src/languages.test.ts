import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape.js';
import { LABELS } from './labels.js';
import { buildMinutes } from './model.js';
import { renderMinutes, type MinutesFormat, type MinutesLang } from './render.js';
import {
  collapse,
  docxText,
  docxXml,
  frenchArabicInput,
  pdfText,
  spanishInput,
  UNTRANSLATED_IN_ARABIC,
} from './testing/index.js';

/**
 * Minutes of meetings held in other languages than English and Russian: a French meeting with
 * Arabic, some of whose texts and notes are not translated into Arabic, and a meeting in
 * Spanish only. Golden files as in render-text.test.ts (`UPDATE_GOLDEN=1` to regenerate).
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (update || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (!update) throw new Error(`golden file ${name} was missing and has been written: check it and run again`);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const frAr = buildMinutes(frenchArabicInput());
const es = buildMinutes(spanishInput());

async function file(minutes: typeof frAr, format: MinutesFormat, lang: MinutesLang) {
  return renderMinutes(minutes, format, lang);
}

async function text(minutes: typeof frAr, format: 'md' | 'html', lang: MinutesLang): Promise<string> {
  return new TextDecoder().decode((await file(minutes, format, lang)).body);
}

const AR_MARK = '[الأصل: الفرنسية]';

describe('minutes of a meeting held in French and Arabic', () => {
  it.each([['fr'], ['ar'], ['fr', 'ar']] as const)('match the golden Markdown and HTML, %s', async (...lang) => {
    const key = lang.join('-');
    golden(`minutes-fr-ar.${key}.md`, await text(frAr, 'md', lang));
    golden(`minutes-fr-ar.${key}.html`, await text(frAr, 'html', lang));
  });

  it('carry every text per language, the notes too, in the JSON (schema 2)', async () => {
    const json = JSON.parse(new TextDecoder().decode((await file(frAr, 'json', ['fr'])).body)) as typeof frAr;
    expect(json.schema).toBe('rostrum.minutes/2');
    expect(json.meeting.languages).toEqual(['fr', 'ar']);
    const rapport = json.items.find((i) => i.id === 'rapport');
    expect(rapport?.title).toEqual({ fr: UNTRANSLATED_IN_ARABIC.itemTitle });
    expect(rapport?.notes).toEqual({ fr: UNTRANSLATED_IN_ARABIC.notes });
    expect(json.items.find((i) => i.id === 'ouverture')?.notes.ar).toContain('افتتح نائب الرئيس الاجتماع');
    expect(rapport?.documents[0]?.files).toEqual({ fr: null, ar: null });
  });

  it('in Arabic, give an untranslated text in the French original followed by its mark, never blank', async () => {
    const md = await text(frAr, 'md', ['ar']);
    for (const original of [
      UNTRANSLATED_IN_ARABIC.itemTitle,
      UNTRANSLATED_IN_ARABIC.presenter,
      UNTRANSLATED_IN_ARABIC.delegation,
    ])
      expect(md).toContain(`${original} \\[الأصل: الفرنسية\\]`);
    // A free text and the notes: the original, then the mark on a line of its own.
    for (const original of [UNTRANSLATED_IN_ARABIC.proposalText, UNTRANSLATED_IN_ARABIC.notes])
      expect(md).toContain(`${original}\n\n_\\[الأصل: الفرنسية\\]_`);
    // Translated texts are in Arabic, with no mark; the labels are Arabic.
    expect(md).toContain('# اجتماع رؤساء إدارات الجمارك في إقليم شمال أفريقيا والشرق الأدنى والأوسط');
    expect(md).toContain('## 3. مقترح إنشاء مختبر جمركي إقليمي\n');
    expect(md).toContain('المؤيدون: 3 · المعترضون: 1 · الممتنعون عن التصويت: 1');
    expect(md).not.toMatch(/Pour|Contre|Procès-verbal/);
    // Each notes text is the Arabic one where the secretariat wrote one.
    expect(md).toContain('أيّد الأعضاء المقترح. وطلبت مصر تقديرًا للتكاليف.');
    expect(md).not.toContain('Les Membres ont appuyé la proposition.');
  });

  it('in French (the original), have every text and no mark', async () => {
    const md = await text(frAr, 'md', ['fr']);
    expect(md).not.toMatch(/\[(Original|الأصل)/);
    // French typography: a no-break space before each colon.
    expect(md).toContain('**Résultat\u00a0:** Adoptée — Pour\u00a0: 3 · Contre\u00a0: 1 · Abstentions\u00a0: 1');
    expect(md).toContain('## 2. Rapport annuel du Bureau régional de renforcement des capacités\n');
    expect(md).toContain('Le Vice-Président a ouvert la réunion');
    expect(md).not.toContain('افتتح');
  });

  it('mark right to left the Arabic lines that start with a Latin name, in Markdown', async () => {
    const md = await text(frAr, 'md', ['ar']);
    expect(md).toContain(`## \u200f2. ${UNTRANSLATED_IN_ARABIC.itemTitle}`);
    expect(md).toContain(`- \u200f${UNTRANSLATED_IN_ARABIC.presenter}`);
    // Arabic lines that start in Arabic need no mark; French ones none either.
    expect(md).toContain('\n# اجتماع');
    expect(await text(frAr, 'md', ['fr'])).not.toMatch(/[\u200e\u200f]/);
  });

  it('in HTML, are right to left in Arabic; side by side each column has its own language and direction', async () => {
    const ar = await text(frAr, 'html', ['ar']);
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    // The French original inside the Arabic minutes is marked as French, left to right.
    expect(ar).toContain(
      `<div class="text" lang="fr" dir="ltr"><p>${escapeHtml(UNTRANSLATED_IN_ARABIC.proposalText)}</p></div><p class="muted">${AR_MARK}</p>`,
    );
    const both = await text(frAr, 'html', ['fr', 'ar']);
    expect(both).toContain('<html lang="fr">');
    expect(both).toContain('<div lang="fr"><h2>1. Ouverture de la réunion</h2>');
    expect(both).toContain('<div lang="ar" dir="rtl"><h2>1. افتتاح الاجتماع</h2>');
    // Each column its own notes.
    expect(both).toMatch(/<div lang="fr"><div class="text"><p dir="auto">Le Vice-Président a ouvert/);
    expect(both).toMatch(/<div lang="ar" dir="rtl"><div class="text"><p>افتتح نائب الرئيس/);
    expect(both).toContain('data-languages="Français · العربية"');
  });

  it('name the file with the languages', async () => {
    expect((await file(frAr, 'md', ['fr', 'ar'])).filename).toBe('minutes-m-2024-03-14-fr-ar.md');
    expect((await file(frAr, 'html', ['ar'])).filename).toBe('minutes-m-2024-03-14-ar.html');
    expect((await file(frAr, 'json', ['ar'])).filename).toBe('minutes-m-2024-03-14.json');
  });

  // Two PDFs and a DOCX built and read back: more than the default 5 s on a loaded machine.
  it('in the PDF and the DOCX, set the Arabic right to left and read back as written', async () => {
    const norm = (s: string) => s.normalize('NFKC').normalize('NFC').replace(/\s+/g, '');
    for (const lang of [['ar'], ['fr', 'ar']] as const) {
      const pdf = norm(await pdfText((await file(frAr, 'pdf', lang)).body));
      for (const expected of [
        'اجتماع رؤساء إدارات الجمارك في إقليم شمال أفريقيا والشرق الأدنى والأوسط',
        'أيّد الاجتماع إنشاء مختبر جمركي إقليمي في الدار البيضاء.',
        UNTRANSLATED_IN_ARABIC.itemTitle,
        LABELS.ar.notes,
      ])
        expect(pdf, `${lang.join('+')}: ${expected}`).toContain(norm(expected));
    }
    const docx = (await file(frAr, 'docx', ['fr', 'ar'])).body;
    const xml = docxXml(docx);
    const arabicPara = xml.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?أيّد الاجتماع[\s\S]*?<\/w:p>/)?.[0] ?? '';
    expect(arabicPara).toContain('<w:bidi/>');
    const frenchPara = xml.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?La réunion a appuyé[\s\S]*?<\/w:p>/)?.[0] ?? '';
    expect(frenchPara).not.toContain('<w:bidi/>');
    expect(collapse(docxText(docx))).toContain(`${UNTRANSLATED_IN_ARABIC.notes} ${AR_MARK}`);
  }, 30_000);
});

describe('minutes of a meeting held in Spanish only', () => {
  it('match the golden Markdown and HTML, in Spanish labels, with no mark', async () => {
    const md = await text(es, 'md', ['es']);
    golden('minutes-es.es.md', md);
    golden('minutes-es.es.html', await text(es, 'html', ['es']));
    expect(md).toContain('**Acta**');
    expect(md).toContain('### Notas de la Secretaría');
    expect(md).toContain('El Vicepresidente abrió la reunión');
    expect(md).not.toContain('[Original');
  });
});
