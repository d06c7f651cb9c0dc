import { describe, expect, it } from 'vitest';
import type { MeetingState } from '@rostrum/core';
import { buildMinutes } from './model.js';
import { renderMinutes } from './render.js';
import { recordedInput } from './testing/index.js';

/** The recorded meeting, with the ROCB report uploaded as an English PDF and a Russian DOCX besides its link. */
function withUploadedReport(): ReturnType<typeof recordedInput> {
  const input = recordedInput();
  const item = input.state.agenda.items['rocb-report'];
  if (!item) throw new Error('no rocb-report item');
  const documents: MeetingState['agenda']['items'][string]['documents'] = [
    ...item.documents,
    {
      title: { en: 'ROCB Europe annual report', ru: 'Годовой отчёт РБСП Европы' },
      files: {
        en: { id: 'f-en', name: 'ROCB report 2021.pdf', size: 1_258_291, kind: 'pdf' },
        ru: { id: 'f-ru', name: 'Отчёт <РБСП> 2021.docx', size: 307_200, kind: 'docx' },
      },
    },
  ];
  const items = { ...input.state.agenda.items, 'rocb-report': { ...item, documents } };
  return { ...input, state: { ...input.state, agenda: { ...input.state.agenda, items } } };
}

describe('the minutes name uploaded documents', () => {
  const minutes = buildMinutes(withUploadedReport());

  it('keeps each file by language with its name, size and kind; a file-only document has no link', () => {
    const docs = minutes.items.find((i) => i.id === 'rocb-report')?.documents;
    expect(docs?.[1]).toEqual({
      title: { en: 'ROCB Europe annual report', ru: 'Годовой отчёт РБСП Европы' },
      url: null,
      files: {
        en: { name: 'ROCB report 2021.pdf', size: 1_258_291, kind: 'pdf' },
        ru: { name: 'Отчёт <РБСП> 2021.docx', size: 307_200, kind: 'docx' },
      },
    });
  });

  it('lists the link and the file names in each language, escaped', async () => {
    const text = async (lang: 'en' | 'ru', format: 'md' | 'html') =>
      new TextDecoder().decode((await renderMinutes(minutes, format, [lang])).body);
    const en = await text('en', 'md');
    expect(en).toContain('Written report: https://example.org/rocb-report-2021.pdf');
    expect(en).toMatch(
      /ROCB Europe annual report: English version: ROCB report 2021\.pdf \(PDF, 1\.2 MB\); Russian version: Отчёт \\?<РБСП\\?> 2021\.docx \(DOCX, 300 kB\)/,
    );
    const ru = await text('ru', 'md');
    expect(ru).toMatch(
      /Годовой отчёт РБСП Европы: английская версия: ROCB report 2021\.pdf \(PDF, 1,2 МБ\); русская версия: Отчёт \\?<РБСП\\?> 2021\.docx \(DOCX, 300 кБ\)/,
    );
    const html = await text('en', 'html');
    expect(html).toContain('Отчёт &lt;РБСП&gt; 2021.docx');
    expect(html).not.toContain('<РБСП>');
  });
});
