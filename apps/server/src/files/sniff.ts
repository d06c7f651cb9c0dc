import { unzipSync } from 'fflate';
import type { FileKind } from '@rostrum/core';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4", a local file header

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * The names in a ZIP's central directory, without inflating anything: the filter sees every
 * entry and keeps none, so a ZIP bomb costs no more than its directory. Null if it is not a ZIP.
 */
function zipEntryNames(bytes: Uint8Array): Set<string> | null {
  const names = new Set<string>();
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.add(file.name);
        return false;
      },
    });
  } catch {
    return null;
  }
  return names;
}

/**
 * What an uploaded file is by its content, never by its name: a PDF starts with `%PDF-`; a
 * DOCX is a ZIP with `word/document.xml`. A macro-enabled Word file (`word/vbaProject.bin`,
 * a .docm renamed) is refused: documents go to every participant. Anything else is null.
 */
export function detectFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, PDF_MAGIC)) return 'pdf';
  if (!startsWith(bytes, ZIP_MAGIC)) return null;
  const names = zipEntryNames(bytes);
  if (!names?.has('word/document.xml') || names.has('word/vbaProject.bin')) return null;
  return 'docx';
}
