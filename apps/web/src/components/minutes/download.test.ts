import { describe, expect, it } from 'vitest';
import { filenameOf } from './download.js';

describe('the file name of a download', () => {
  it('reads the plain name, and prefers the UTF-8 one that carries a Cyrillic name', () => {
    expect(filenameOf('attachment; filename="minutes-abc-en.pdf"', 'x')).toBe('minutes-abc-en.pdf');
    expect(
      filenameOf(`attachment; filename="?????.docx"; filename*=UTF-8''${encodeURIComponent('Отчёт РБСП.docx')}`, 'x'),
    ).toBe('Отчёт РБСП.docx');
    expect(filenameOf('attachment; filename="a.pdf"; filename*=UTF-8\'\'%E0%A4%A', 'x')).toBe('a.pdf');
    expect(filenameOf(null, 'fallback.pdf')).toBe('fallback.pdf');
  });
});
