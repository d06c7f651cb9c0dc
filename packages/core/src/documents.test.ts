import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cleanFileName,
  commandSchema,
  fileRefsOf,
  itemDocumentSchema,
  LIMITS,
  meetingDefinitionSchema,
  meetingStateSchema,
  readState,
  writeState,
  type ItemDocument,
} from './index.js';
import { initialState } from './server.js';

const title = { en: 'ROCB Europe report', ru: 'Отчёт РБСП Европы' };
const pdf = { id: 'f-en', name: 'ROCB report 2021.pdf', size: 1234, kind: 'pdf' } as const;
const docx = { id: 'f-ru', name: 'Отчёт РБСП.docx', size: 300_000, kind: 'docx' } as const;

const definition = {
  title: { en: 'Meeting', ru: 'Совещание' },
  startsAt: '2021-06-08T10:00:00+02:00',
  timeZone: 'Europe/Brussels',
  chair: { name: { en: 'Chair', ru: 'Председатель' } },
  delegations: [{ id: 'uz', name: { en: 'Uzbekistan', ru: 'Узбекистан' } }],
  agenda: [
    {
      id: 'a',
      title: { en: 'A', ru: 'А' },
      plannedMinutes: 10,
      documents: [{ title, url: 'https://example.org/r.pdf' }],
    },
  ],
};

describe('item documents: links and uploaded files', () => {
  it('takes a link, a file per language, or both; at least one of them', () => {
    expect(itemDocumentSchema.safeParse({ title, url: 'https://example.org/r.pdf' }).success).toBe(true);
    expect(itemDocumentSchema.safeParse({ title, files: { en: pdf } }).success).toBe(true);
    expect(itemDocumentSchema.safeParse({ title, files: { ru: docx } }).success).toBe(true);
    expect(
      itemDocumentSchema.safeParse({ title, url: 'https://example.org/r.pdf', files: { en: pdf, ru: docx } }).success,
    ).toBe(true);
    expect(itemDocumentSchema.safeParse({ title }).success).toBe(false);
    expect(itemDocumentSchema.safeParse({ title, files: {} }).success).toBe(false);
    expect(itemDocumentSchema.safeParse({ title, url: 'http://example.org/r.pdf' }).success).toBe(false);
  });

  it('refuses a file reference of another kind, too large, empty or with a bad id', () => {
    const bad = [
      { ...pdf, kind: 'exe' },
      { ...pdf, size: LIMITS.fileBytes + 1 },
      { ...pdf, size: 0 },
      { ...pdf, name: '   ' },
      { ...pdf, id: '__proto__' },
      { ...pdf, id: '../x' },
    ];
    for (const ref of bad)
      expect(itemDocumentSchema.safeParse({ title, files: { en: ref } }).success, JSON.stringify(ref)).toBe(false);
  });

  it('agenda.setDocuments carries files; a document with neither link nor file is invalid', () => {
    const base = { id: 'command-1', type: 'agenda.setDocuments', itemId: 'a' };
    expect(commandSchema.safeParse({ ...base, documents: [{ title, files: { en: pdf, ru: docx } }] }).success).toBe(
      true,
    );
    expect(commandSchema.safeParse({ ...base, documents: [{ title }] }).success).toBe(false);
  });

  it('the meeting definition takes links only: no file exists before the meeting', () => {
    expect(meetingDefinitionSchema.safeParse(definition).success).toBe(true);
    const withFile = {
      ...definition,
      agenda: [{ ...definition.agenda[0], documents: [{ title, files: { en: pdf } }] }],
    };
    expect(meetingDefinitionSchema.safeParse(withFile).success).toBe(false);
  });

  it('old link-only documents still parse from a stored state, and files survive the Yjs round trip', () => {
    const state = initialState('m1', meetingDefinitionSchema.parse(definition));
    expect(meetingStateSchema.parse(state).agenda.items.a?.documents).toEqual([
      { title, url: 'https://example.org/r.pdf' },
    ]);
    const item = state.agenda.items.a;
    if (!item) throw new Error('no item');
    const documents: ItemDocument[] = [
      { title, files: { en: pdf, ru: docx } },
      { title, url: 'https://example.org/r.pdf' },
    ];
    const next = { ...state, agenda: { ...state.agenda, items: { ...state.agenda.items, a: { ...item, documents } } } };
    const doc = new Y.Doc();
    writeState(doc, next);
    expect(readState(doc)?.agenda.items.a?.documents).toEqual(documents);
  });

  it('lists the files the documents name', () => {
    expect(
      fileRefsOf([
        { title, files: { en: pdf, ru: docx } },
        { title, url: 'https://example.org/r.pdf' },
        { title, files: { ru: docx } },
      ]),
    ).toEqual([pdf, docx, docx]);
  });

  it('cleans a file name: no folder, no controls or direction overrides, the extension of its content', () => {
    expect(cleanFileName('C:\\Users\\me\\Отчёт РБСП.docx', 'docx')).toBe('Отчёт РБСП.docx');
    expect(cleanFileName('../../etc/report.PDF', 'pdf')).toBe('report.pdf');
    expect(cleanFileName('report\u202efdp.exe', 'pdf')).toBe('reportfdp.exe.pdf');
    expect(cleanFileName('a\u0000b\n.pdf', 'pdf')).toBe('ab.pdf');
    expect(cleanFileName('a\u061cb\u200b\u2028c\ufeff.pdf', 'pdf')).toBe('abc.pdf');
    expect(cleanFileName('notes.pdf', 'docx')).toBe('notes.pdf.docx');
    expect(cleanFileName('   ', 'pdf')).toBe('document.pdf');
    const long = cleanFileName(`${'я'.repeat(500)}.pdf`, 'pdf');
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('я.pdf')).toBe(true);
  });
});
