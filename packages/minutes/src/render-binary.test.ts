import { describe, expect, it } from 'vitest';
import { LABELS } from './labels.js';
import { buildMinutes, type Minutes } from './model.js';
import type { Lang } from '@rostrum/core';
import { minutesLangChoices, minutesLangKey, renderMinutes, type MinutesLang } from './render.js';
import { collapse, docxText, docxXml, pdfText, recordedInput } from './testing/index.js';

/**
 * The DOCX and the PDF, read back: the DOCX unzipped (its XML), the PDF's text extracted by
 * pdf.js. Both must name every agenda item, speaker, tally and decision, in Cyrillic for ru.
 */
const minutes = buildMinutes(recordedInput());

/** What the minutes must say in a language, as the reader sees it (one line, whitespace collapsed). */
function expectedTexts(m: Minutes, lang: Lang): string[] {
  const L = LABELS[lang];
  const t = (text: Partial<Record<Lang, string>>) => text[lang] ?? `(no ${lang} text)`;
  const out: string[] = [t(m.meeting.title)];
  for (const item of m.items) {
    out.push(`${item.number}. ${t(item.title)}`);
    for (const s of item.speeches) if (s.speaker) out.push(t(s.speaker));
    for (const d of item.decisions) out.push(t(d.text), L.decisionOutcome[d.outcome]);
    for (const p of item.proposals) {
      out.push(t(p.title));
      for (const poll of p.polls) {
        const r = poll.result;
        if (r)
          out.push(
            `${L.tally.support}: ${r.tally.support} · ${L.tally.object}: ${r.tally.object} · ${L.tally.abstain}: ${r.tally.abstain}`,
          );
      }
    }
  }
  out.push(m.record.digest);
  return out.map(collapse);
}

/**
 * What the document should say and does not (an empty list when all is there). For the PDF,
 * spaces are ignored: where a line wraps, text extraction cannot tell a space from none.
 */
function missing(text: string, lang: MinutesLang, ignoreSpaces = false): string[] {
  const norm = (s: string) => (ignoreSpaces ? s.replace(/\s+/g, '') : s);
  const haystack = norm(text);
  return lang.flatMap((l) => expectedTexts(minutes, l).filter((e) => !haystack.includes(norm(e))));
}

async function render(format: 'docx' | 'pdf', lang: MinutesLang): Promise<Uint8Array> {
  return (await renderMinutes(minutes, format, lang)).body;
}

describe.each(minutesLangChoices(minutes.meeting.languages).map((lang) => ({ lang, key: minutesLangKey(lang) })))(
  'DOCX and PDF minutes, $key',
  ({ lang, key }) => {
    it('the DOCX names every item, speaker, tally and decision', async () => {
      const docx = await render('docx', lang);
      expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
      const text = collapse(docxText(docx));
      expect(missing(text, lang)).toEqual([]);
      if (key === 'ru') expect(text.includes('Support:')).toBe(false);
      if (key === 'en') expect(text.includes('Поддерживает')).toBe(false);
      // The hostile notes are text in a run, not markup: the XML holds them escaped.
      expect(
        docxXml(docx).includes('<w:t xml:space="preserve">&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;'),
      ).toBe(true);
      expect(text.includes('<script>alert("notes")</script>')).toBe(true);
    });

    it('the PDF names every item, speaker, tally and decision', async () => {
      const pdf = await render('pdf', lang);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      const text = collapse(await pdfText(pdf));
      expect(missing(text, lang, true)).toEqual([]);
      expect(text.includes('<script>alert("notes")</script>')).toBe(true);
      if (key === 'ru') expect(text.includes('Support:')).toBe(false);
      if (key === 'en') expect(text.includes('Поддерживает')).toBe(false);
    });
  },
);

describe('bilingual layout', () => {
  it('sets English and Russian side by side in the DOCX (a two-cell row per pair)', async () => {
    const xml = docxXml(await render('docx', ['en', 'ru']));
    const rows = xml.split('<w:tr>').filter((r) => r.includes('>Status: <'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('>Статус: <'))).toBe(true);
  });
});
