import { unzipSync } from 'fflate';
import type { FileKind } from '@rostrum/core';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4", a local file header

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** A Word document has a few dozen parts; thousands means a crafted file. */
const MAX_ZIP_ENTRIES = 5000;
/** The smallest central directory record (46 bytes + name): a claimed count must fit the body. */
const MIN_CENTRAL_RECORD_BYTES = 46;

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

/**
 * The entry count the unzipper will loop over, read the way fflate reads it: the first
 * end-of-central-directory record from the end (its count at +8), and no ZIP64 locator before
 * it (whose count, up to 2^32 - 1, would be used instead; a DOCX never needs ZIP64). Checked
 * first because the loop runs that many times whatever the body's length: a 200-byte body
 * claiming 100 million entries would hold the event loop for minutes. Null: not acceptable.
 */
function plausibleEntryCount(bytes: Uint8Array): number | null {
  for (let e = bytes.length - 22; e > 0 && bytes.length - e <= 65558; e--) {
    if (u32(bytes, e) !== 0x06054b50) continue;
    if (e >= 20 && u32(bytes, e - 20) === 0x07064b50) return null;
    const count = u16(bytes, e + 8);
    return count <= MAX_ZIP_ENTRIES && count * MIN_CENTRAL_RECORD_BYTES <= bytes.length ? count : null;
  }
  return null;
}

/**
 * The names in a ZIP's central directory, without inflating anything: the filter sees every
 * entry and keeps none, and the number of entries is bounded before and while reading, so a
 * crafted archive costs no more than its size. Null if it is not a ZIP, or not a plausible one.
 */
function zipEntryNames(bytes: Uint8Array): Set<string> | null {
  if (plausibleEntryCount(bytes) === null) return null;
  const names = new Set<string>();
  let seen = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        seen += 1;
        if (seen > MAX_ZIP_ENTRIES) throw new Error('too many entries');
        names.add(file.name);
        return false;
      },
    });
  } catch {
    return null;
  }
  return names;
}

/** Parts that carry code: a VBA project (a .docm renamed .docx) in any folder, and ActiveX controls (`word/activeX/`). */
function carriesCode(names: ReadonlySet<string>): boolean {
  for (const name of names) if (/(^|\/)vbaProject\.bin$/i.test(name) || /^word\/activeX\//i.test(name)) return true;
  return false;
}

/**
 * What an uploaded file is by its content, never by its name: a PDF starts with `%PDF-`; a
 * DOCX is a ZIP with `word/document.xml`. A Word file that carries code (a VBA project — a
 * .docm renamed — or ActiveX controls) is refused: documents go to every participant. Anything else is null.
 */
export function detectFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, PDF_MAGIC)) return 'pdf';
  if (!startsWith(bytes, ZIP_MAGIC)) return null;
  const names = zipEntryNames(bytes);
  if (!names?.has('word/document.xml') || carriesCode(names)) return null;
  return 'docx';
}
