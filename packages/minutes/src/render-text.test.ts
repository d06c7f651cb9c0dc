import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Lang } from '@rostrum/core';
import { escapeHtml, escapeMarkdown } from './escape.js';
import { buildMinutes } from './model.js';
import {
  minutesLangChoices,
  minutesLangKey,
  parseMinutesLang,
  renderMinutes,
  type MinutesFormat,
  type MinutesLang,
} from './render.js';
import { HOSTILE, recordedInput } from './testing/index.js';

/**
 * Golden files: the Markdown and HTML minutes of the recorded meeting in each language. After
 * an intended change, regenerate them with `UPDATE_GOLDEN=1 npx vitest run packages/minutes`
 * and read the diff before committing it.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const update = process.env.UPDATE_GOLDEN === '1';

const minutes = buildMinutes(recordedInput());
/** en, ru, en+ru: the recorded meeting is held in English and Russian, as meetings were before they had languages. */
const LANGS = minutesLangChoices(minutes.meeting.languages);

async function text(format: MinutesFormat, lang: MinutesLang, of = minutes): Promise<string> {
  return new TextDecoder().decode((await renderMinutes(of, format, lang)).body);
}

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

describe.each(LANGS.map((lang) => ({ lang, key: minutesLangKey(lang) })))(
  'Markdown and HTML minutes, $key',
  ({ lang }) => {
    const suffix = lang.join('-');

    it('match the golden Markdown', async () => {
      golden(`minutes.${suffix}.md`, await text('md', lang));
    });

    it('match the golden HTML', async () => {
      golden(`minutes.${suffix}.html`, await text('html', lang));
    });

    it('name every agenda item, speaker, tally and decision in the language', async () => {
      const md = await text('md', lang);
      const html = await text('html', lang);
      for (const l of lang) {
        for (const item of minutes.items) {
          expect(html).toContain(escapeHtml(item.title[l] ?? '-'));
          expect(md).toContain(escapeMarkdown(item.title[l] ?? '-', false));
          for (const s of item.speeches) if (s.speaker) expect(html).toContain(escapeHtml(s.speaker[l] ?? '-'));
          for (const d of item.decisions) expect(html).toContain(escapeHtml(d.text[l]?.split('\n')[0] ?? '-'));
        }
      }
      if (lang.includes('ru')) expect(html).toContain('Поддерживает: 4 · Возражает: 1 · Воздерживается: 1');
      if (lang.includes('en')) expect(html).toContain('Support: 4 · Object: 1 · Abstain: 1');
    });
  },
);

describe('users’ text stays text', () => {
  const markdownIt = new MarkdownIt({ html: true, linkify: false });

  it('in Markdown: no HTML, link, emphasis, list or heading comes out of a title, a note or a decision', async () => {
    for (const lang of LANGS) {
      const rendered = markdownIt.render(await text('md', lang));
      expect(rendered).not.toMatch(/<script|<img|<a |<em>u<\/em>|<strong>bold|<strong>жирный|<code>code/i);
      // The hostile texts are shown as typed.
      expect(rendered).toContain('&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;');
      expect(rendered).toContain('- not a list');
      expect(rendered).toContain('1. not numbered');
      expect(rendered).toContain('# not a heading');
      expect(rendered).not.toContain('<h1>not a heading');
      expect(rendered).not.toContain('<li>not a list');
      if (lang.includes('en')) {
        expect(rendered).toContain('&lt;img src=x onerror=alert(1)&gt; The Meeting noted **nothing** | else.');
        expect(rendered).toContain(
          'Any other business &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; **bold** | pipe # [link](http://x.test) _u_ `code`',
        );
      }
      if (minutesLangKey(lang) === 'en') {
        // The title's `|` did not split its table cell in Annex B.
        expect(rendered).toContain(
          '<td>Any other business &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; **bold** | pipe # [link](http://x.test) _u_ `code`</td>',
        );
      }
    }
  });

  it('in HTML: every user text is escaped, and the file allows no script at all', async () => {
    for (const lang of LANGS) {
      const html = await text('html', lang);
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain('&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;');
      for (const l of lang) {
        if (l !== 'en' && l !== 'ru') throw new Error(`unexpected ${l}`);
        expect(html).toContain(escapeHtml(HOSTILE.itemTitle[l]));
        expect(html).toContain(escapeHtml(HOSTILE.decision[l].split('\n')[0] ?? ''));
      }
      expect(html).toContain("default-src 'none'");
      expect(html).not.toMatch(/<link|src=["']?http/i);
    }
  });
});

describe('escaping for Markdown', () => {
  const markdownIt = new MarkdownIt({ html: true });
  const roundTrip = (s: string) =>
    markdownIt
      .renderInline(escapeMarkdown(s))
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');

  it.each([
    '<b>bold</b>',
    '**strong** _em_ `code` ~~del~~',
    '[link](javascript:alert(1)) ![img](x.png)',
    'a | b \\ c & d &amp; e',
    '# heading',
    '- item',
    '+ item',
    '1. item',
    '2) item',
    '<https://example.org>',
  ])('%s comes out as typed', (s) => {
    expect(roundTrip(s)).toBe(s);
  });
});

describe('the language parameter', () => {
  const parse = (raw: unknown, languages: Lang[]) => {
    const parsed = parseMinutesLang(raw, languages);
    return parsed.ok ? minutesLangKey(parsed.lang) : null;
  };

  it('accepts each language of the meeting, two side by side (the plus decoded as a space too), and both', () => {
    const enRu: Lang[] = ['en', 'ru'];
    expect(parse('en', enRu)).toBe('en');
    expect(parse('ru', enRu)).toBe('ru');
    expect(parse('en+ru', enRu)).toBe('en+ru');
    expect(parse('en ru', enRu)).toBe('en+ru');
    expect(parse('ru+en', enRu)).toBe('ru+en');
    expect(parse('both', enRu)).toBe('en+ru');
    // Absent: the original.
    expect(parse(undefined, enRu)).toBe('en');
    expect(parse(undefined, ['fr', 'ar'])).toBe('fr');
    expect(parse('FR+AR', ['fr', 'ar'])).toBe('fr+ar');
    expect(parse('ar', ['fr', 'ar'])).toBe('ar');
    expect(parse('both', ['fr', 'ar', 'en'])).toBe('fr+ar');
    // A meeting in one language: `both` is that language alone.
    expect(parse('both', ['es'])).toBe('es');
  });

  it('refuses a language the meeting is not held in, and says which it is held in', () => {
    const refused = parseMinutesLang('en', ['fr', 'ar']);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/not held in "en".*fr, ar/);
    for (const raw of ['de', 'fr+fr', 'fr+ar+en', '', '+', 'fr+', 42])
      expect(parse(raw, ['fr', 'ar', 'en']), String(raw)).toBeNull();
    expect(parse('fr', ['en', 'ru'])).toBeNull();
  });
});

describe('JSON', () => {
  it('is the whole minutes model', async () => {
    const parsed: unknown = JSON.parse(await text('json', ['en']));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(minutes)));
  });
});
