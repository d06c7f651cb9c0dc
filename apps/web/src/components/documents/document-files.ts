import { LANGUAGES, type FileRef, type ItemDocument, type Lang } from '@rostrum/core';

export type DocumentFile = { lang: Lang; file: FileRef };

/**
 * A document's files in the order a reader is offered them: their own language's first, else
 * the original's, then the others in the meeting's order. A file in a language the meeting no
 * longer lists comes last rather than being hidden.
 */
export function documentFiles(files: ItemDocument['files'], reader: Lang, languages: readonly Lang[]): DocumentFile[] {
  const order = [...new Set<Lang>([reader, ...languages, ...LANGUAGES])];
  const found: DocumentFile[] = [];
  for (const lang of order) {
    const file = files?.[lang];
    if (file) found.push({ lang, file });
  }
  return found;
}
