import { describe, expect, it } from 'vitest';
import { notesTextName, yjsRoom, type Lang } from '@rostrum/core';
import type { Minutes } from '@rostrum/minutes';
import { frenchArabicDefinition, UNTRANSLATED_IN_ARABIC } from '@rostrum/minutes/testing';
import { useDemoServer } from './fixture.js';
import { connectSocket, mustCommand, requestJson, room, waitFor, yClient } from './harness.js';
import { createMeeting, minutesDownloads, readable } from './minutes-download.js';

const demo = useDemoServer();
const { download } = minutesDownloads(demo);

const LANGUAGES: Lang[] = ['fr', 'ar'];
const FRENCH_NOTES = 'Le Vice-Président a ouvert la réunion et souhaité la bienvenue aux Membres.';
const ARABIC_NOTES = 'افتتح نائب الرئيس الاجتماع ورحّب بالأعضاء.';
const ARABIC_TITLE = 'اجتماع رؤساء إدارات الجمارك في إقليم شمال أفريقيا والشرق الأدنى والأوسط';
const MARK = '[الأصل: الفرنسية]';

/**
 * Minutes of a meeting held in French (its original) and Arabic, created through the admin API
 * and played with real clients: the secretariat writes notes in French and in Arabic through
 * y-websocket; one item's notes are only in French. The minutes come in Arabic, in French and
 * Arabic side by side, never in a language the meeting is not held in.
 */
describe('minutes of a meeting held in French and Arabic', () => {
  it('come in Arabic and side by side, with the notes of each language, and refuse English', async () => {
    const meeting = await createMeeting(demo.ts, frenchArabicDefinition());
    const chair = await connectSocket(demo.cleanup, demo.ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'agenda.next' });

    const writer = await yClient(demo.cleanup, demo.ts, yjsRoom.notes(meeting.id), meeting.token('secretariat'));
    const notes = (itemId: string, lang: Lang) => writer.doc.getText(notesTextName(itemId, lang, LANGUAGES));
    notes('ouverture', 'fr').insert(0, FRENCH_NOTES);
    notes('ouverture', 'ar').insert(0, ARABIC_NOTES);
    notes('rapport', 'fr').insert(0, UNTRANSLATED_IN_ARABIC.notes);
    const r = room(demo.ts, meeting.id);
    await waitFor(
      () =>
        r.notesDoc.doc.getText(notesTextName('ouverture', 'ar', LANGUAGES)).toString() === ARABIC_NOTES &&
        r.notesDoc.doc.getText(notesTextName('rapport', 'fr', LANGUAGES)).toString() !== '',
      3000,
      'the notes to reach the server',
    );

    const staff = meeting.token('secretariat');
    const path = (format: string, lang?: string) =>
      `/api/meetings/${meeting.id}/minutes?format=${format}${lang === undefined ? '' : `&lang=${lang}`}`;

    // JSON: the notes per language, as written.
    const json = JSON.parse(new TextDecoder().decode((await download(path('json'), staff)).body)) as Minutes;
    expect(json.meeting.languages).toEqual(LANGUAGES);
    expect(json.items.find((i) => i.id === 'ouverture')?.notes).toEqual({ fr: FRENCH_NOTES, ar: ARABIC_NOTES });
    expect(json.items.find((i) => i.id === 'rapport')?.notes).toEqual({ fr: UNTRANSLATED_IN_ARABIC.notes });

    // Arabic: the Arabic notes; where there are none, the French ones with their mark.
    const ar = await download(path('md', 'ar'), staff);
    expect(ar.status).toBe(200);
    expect(ar.disposition).toBe(`attachment; filename="minutes-${meeting.id}-ar.md"`);
    const arText = new TextDecoder().decode(ar.body);
    expect(arText).toContain(`# ${ARABIC_TITLE}`);
    expect(arText).toContain(ARABIC_NOTES);
    expect(arText).not.toContain(FRENCH_NOTES);
    expect(arText).toContain(`${UNTRANSLATED_IN_ARABIC.notes}\n\n_\\[الأصل: الفرنسية\\]_`);
    expect(arText).toContain(`${UNTRANSLATED_IN_ARABIC.itemTitle} \\[الأصل: الفرنسية\\]`);

    // The Arabic PDF reads back with the Arabic title and the mark.
    const pdf = await download(path('pdf', 'ar'), staff);
    expect(pdf.status).toBe(200);
    const pdfText = (await readable('pdf', pdf.body)).normalize('NFKC').replace(/\s+/g, '');
    expect(pdfText).toContain(ARABIC_TITLE.normalize('NFKC').replace(/\s+/g, ''));

    // Side by side (`+` encoded): each column its own language, direction and notes.
    const both = await download(path('html', 'fr%2Bar'), staff);
    expect(both.status).toBe(200);
    expect(both.disposition).toBe(`attachment; filename="minutes-${meeting.id}-fr-ar.html"`);
    const html = new TextDecoder().decode(both.body);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`<div lang="ar" dir="rtl"><div class="text"><p>${ARABIC_NOTES}</p></div></div>`);
    expect(html).toContain(`<div lang="fr"><div class="text"><p dir="auto">${FRENCH_NOTES}</p></div></div>`);
    expect(html).toContain(`<p class="muted">${MARK}</p>`);
    // `both` is the meeting's first two languages; no lang, its original.
    expect((await download(path('md', 'both'), staff)).disposition).toContain(`-fr-ar.md"`);
    expect((await download(path('md'), staff)).disposition).toContain(`minutes-${meeting.id}-fr.md"`);

    // English is not a language of this meeting.
    const en = await requestJson(demo.ts, path('md', 'en'), { token: staff });
    expect(en).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid' } } });
    expect(JSON.stringify(en.body)).toMatch(/not held in \\"en\\".*fr, ar/);
    expect((await requestJson(demo.ts, path('pdf', 'fr%2Ben'), { token: staff })).status).toBe(400);
  });
});
