import { FILE_NAME_MAX, LANGUAGES, type FileKind, type FileRef, type ItemDocument } from './text.js';

/** How each kind of uploaded file is served and named. */
export const FILE_TYPES: Record<FileKind, { mime: string; extension: string }> = {
  pdf: { mime: 'application/pdf', extension: '.pdf' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: '.docx' },
};

/** The `accept` of a file input: what the server takes (it still checks the content). */
export const FILE_ACCEPT = Object.values(FILE_TYPES)
  .map((t) => t.extension)
  .join(',');

/** Every uploaded file the documents name, in order (a file may be named twice). */
export function fileRefsOf(documents: readonly ItemDocument[]): FileRef[] {
  const refs: FileRef[] = [];
  for (const d of documents) {
    // Every language, not only the meeting's: a reference is checked wherever it is written.
    for (const lang of LANGUAGES) {
      const ref = d.files?.[lang];
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/**
 * Characters a file name must not carry into a download or a screen: controls, and the
 * bidirectional overrides that make "report‮fdp.exe" read as "reportexe.pdf".
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name an uploaded file is kept and downloaded under: the client's name without any folder,
 * unsafe characters or surrounding blanks, at most `FILE_NAME_MAX` characters, ending in the
 * extension of the kind the server found in its content (a DOCX sent as "x.pdf" becomes "x.pdf.docx").
 */
export function cleanFileName(raw: string, kind: FileKind): string {
  const { extension } = FILE_TYPES[kind];
  const base = (raw.split(/[/\\]/).at(-1) ?? '').replace(UNSAFE_NAME_CHARS, '').trim();
  const stem = base.toLowerCase().endsWith(extension) ? base.slice(0, base.length - extension.length) : base;
  const kept = Array.from(stem.trim() || 'document')
    .slice(0, FILE_NAME_MAX - extension.length)
    .join('')
    .trim();
  return `${kept}${extension}`;
}

/**
 * A file size as people read it, in the locale's words ("1.2 MB", "300 KB"; "1,2 МБ", "300 КБ"):
 * shown beside each download and in the minutes. Binary units, as file managers count.
 */
export function formatFileSize(bytes: number, locale: string): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1)
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'megabyte',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(mb);
  const kb = Math.max(1, Math.round(bytes / 1024));
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(kb);
}
