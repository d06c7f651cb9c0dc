import { Inflate } from 'fflate';
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
/**
 * What a document's parts may add up to once inflated, as the central directory declares it. A
 * report with its images is a few MiB; an archive declaring more than this is a zip bomb, which
 * would fill the memory or the disk of every participant who opens it.
 */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/**
 * Deflate's ceiling: at best a 258-byte match per two bits, about 1032:1. An entry that declares
 * more from its compressed size lies about one of them.
 */
const MAX_DEFLATE_RATIO = 1032;
/**
 * The package's own XML (`[Content_Types].xml` and the `.rels` parts, a few KiB in a real
 * report) is the one thing read inflated: at most this much in all, counted as it comes out of
 * the inflater, so that a crafted part costs no more than this.
 */
const MAX_PACKAGE_XML_BYTES = 8 * 1024 * 1024;
/** Compressed bytes fed to the inflater at a time: one push yields at most ~1032 times this. */
const INFLATE_STEP = 256;

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

type ZipEntry = {
  /** As a consumer may read it (see `partName`); decoded as UTF-8 when the entry says so, else as Latin-1 (the checks care about ASCII). */
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where its compressed bytes start (after its local header). */
  dataStart: number;
};

/**
 * A part name as Word may read it: `\` as `/` (written by some Windows tools, and read as a
 * folder separator), percent escapes decoded (OPC part names are URIs), no leading `/` or `./`,
 * lower case (OPC part names compare case-insensitively).
 */
function partName(raw: string): string {
  let name = raw.replaceAll('\\', '/');
  try {
    name = decodeURIComponent(name);
  } catch {
    // A stray `%` is not an escape: the name stays as it is.
  }
  return name
    .replaceAll('\\', '/')
    .replace(/^(\.?\/)+/, '')
    .toLowerCase();
}

/**
 * The central directory, read by hand without inflating anything: every record and the local
 * header it points to must be where it says, inside the body. The count is checked first (at
 * most 5,000, and what the body could hold), since the loop runs that many times: a 200-byte
 * body claiming 100 million entries must not hold the event loop. No ZIP64 (a DOCX never needs
 * it; its sizes of 0xFFFFFFFF then fail the bounds or the size limit). Null: not acceptable.
 */
function centralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  let end = -1;
  for (let e = bytes.length - 22; e > 0 && bytes.length - e <= 65558; e--) {
    if (u32(bytes, e) === 0x06054b50) {
      end = e;
      break;
    }
  }
  if (end < 0) return null;
  if (end >= 20 && u32(bytes, end - 20) === 0x07064b50) return null;
  const count = u16(bytes, end + 8);
  if (count > MAX_ZIP_ENTRIES || count * MIN_CENTRAL_RECORD_BYTES > bytes.length) return null;
  const entries: ZipEntry[] = [];
  let o = u32(bytes, end + 16);
  for (let i = 0; i < count; i++) {
    if (o + MIN_CENTRAL_RECORD_BYTES > bytes.length || u32(bytes, o) !== 0x02014b50) return null;
    const nameEnd = o + 46 + u16(bytes, o + 28);
    if (nameEnd > bytes.length) return null;
    const nameBytes = bytes.subarray(o + 46, nameEnd);
    const rawName = new TextDecoder(u16(bytes, o + 8) & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    const compressedSize = u32(bytes, o + 20);
    const local = u32(bytes, o + 42);
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) return null;
    const dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (dataStart + compressedSize > bytes.length) return null;
    entries.push({
      name: partName(rawName),
      method: u16(bytes, o + 10),
      compressedSize,
      size: u32(bytes, o + 24),
      dataStart,
    });
    o = nameEnd + u16(bytes, o + 30) + u16(bytes, o + 32);
  }
  return entries;
}

/**
 * The declared sizes are those of a document, not of a zip bomb: stored (0) or deflated (8) only,
 * as Word writes; a stored entry as long as it is; a deflated one within deflate's ratio; all of
 * them within MAX_DOCX_UNCOMPRESSED_BYTES. Nothing is inflated to check.
 */
function sizesPlausible(entries: readonly ZipEntry[]): boolean {
  let total = 0;
  for (const e of entries) {
    if (e.method === 0 && e.size !== e.compressedSize) return false;
    if (e.method === 8 && e.size > e.compressedSize * MAX_DEFLATE_RATIO) return false;
    if (e.method !== 0 && e.method !== 8) return false;
    total += e.size;
  }
  return total <= MAX_DOCX_UNCOMPRESSED_BYTES;
}

/** Macro-enabled Office packages (an embedded `.xlsm` carries its own VBA project). */
const MACRO_PACKAGE = /\.(docm|dotm|xlsm|xltm|xlam|xlsb|pptm|potm|ppsm|ppam|sldm)$/;

/**
 * Parts that carry code, by name: a VBA project (a .docm renamed .docx) in any folder, ActiveX
 * controls, OLE objects (`embeddings/*.bin`, `oleObject*`: an embedded program or a package that
 * runs on a double click), embedded macro-enabled packages.
 */
function nameCarriesCode(name: string): boolean {
  return (
    /(^|\/)vbaproject\.bin$/.test(name) ||
    /(^|\/)activex\//.test(name) ||
    /(^|\/)embeddings\/.*\.bin$/.test(name) ||
    /(^|\/)oleobject[^/]*$/.test(name) ||
    MACRO_PACKAGE.test(name)
  );
}

/** A part's bytes, inflated at most up to what is left of `budget`; null when it would exceed it or is broken. */
function readPart(bytes: Uint8Array, entry: ZipEntry, budget: { left: number }): Uint8Array | null {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) {
    budget.left -= data.length;
    return budget.left < 0 ? null : data;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const inflater = new Inflate((chunk) => {
    budget.left -= chunk.length;
    length += chunk.length;
    chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length; i += INFLATE_STEP) {
      inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
      // More than declared, or than the budget: stop at once (a lie, or a bomb in small parts).
      if (budget.left < 0 || length > entry.size) return null;
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** XML text as an XML parser reads it: UTF-16 by its byte order mark, else UTF-8. */
function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** An attribute value with its character and entity references decoded, as Word would read it. */
function decodeXmlValue(value: string): string {
  const codePoint = (n: number) => (Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '');
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => codePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_m, dec: string) => codePoint(Number.parseInt(dec, 10)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** Each element of the given local names, as its attributes (names without prefix, lower case; values decoded, lower case). */
function elements(xml: string, localNames: readonly string[]): Array<Map<string, string>> {
  const out: Array<Map<string, string>> = [];
  const tag = new RegExp(`<(?:[\\w.-]+:)?(?:${localNames.join('|')})\\b([^>]*)>`, 'gi');
  for (const m of xml.matchAll(tag)) {
    const attributes = new Map<string, string>();
    for (const a of (m[1] ?? '').matchAll(/(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes.set((a[1] ?? '').toLowerCase(), decodeXmlValue(a[2] ?? a[3] ?? '').toLowerCase());
    }
    out.push(attributes);
  }
  return out;
}

/** Content types of parts that carry code: OLE objects, VBA projects, ActiveX, macro-enabled documents. */
const CODE_CONTENT_TYPE = /oleobject|vbaproject|activex|macroenabled/;
/** Relationships to code, and those that make Word fetch a document from elsewhere on open (template injection). */
const CODE_RELATIONSHIP = /(oleobject|vbaproject|activex|\/control)$/;
const REMOTE_ON_OPEN = /\/(attachedtemplate|subdocument|frame)$/;

/**
 * What the package itself says its parts are: `[Content_Types].xml` may declare any part an OLE
 * object or a VBA project whatever its name, and a `.rels` part may point Word at one, or at a
 * macro template on another site. True also when such a part is too large or broken to read.
 */
function packageDeclaresCode(bytes: Uint8Array, entries: readonly ZipEntry[]): boolean {
  const budget = { left: MAX_PACKAGE_XML_BYTES };
  for (const entry of entries) {
    const isTypes = entry.name === '[content_types].xml';
    if (!isTypes && !entry.name.endsWith('.rels')) continue;
    const data = readPart(bytes, entry, budget);
    if (!data) return true;
    const xml = xmlText(data);
    if (isTypes) {
      for (const el of elements(xml, ['Default', 'Override']))
        if (CODE_CONTENT_TYPE.test(el.get('contenttype') ?? '')) return true;
    } else {
      for (const el of elements(xml, ['Relationship'])) {
        const type = el.get('type') ?? '';
        if (CODE_RELATIONSHIP.test(type)) return true;
        if (REMOTE_ON_OPEN.test(type) && el.get('targetmode') === 'external') return true;
      }
    }
  }
  return false;
}

/**
 * What an uploaded file is by its content, never by its name: a PDF starts with `%PDF-`; a
 * DOCX is a ZIP with `word/document.xml`. Documents go to every participant, so a Word file is
 * refused when its directory declares a zip bomb, or it carries code — a VBA project (a .docm
 * renamed), ActiveX controls, OLE objects, embedded macro packages, by part name or by what the
 * package's XML declares — or makes Word fetch a template from elsewhere. Anything else is null.
 */
export function detectFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, PDF_MAGIC)) return 'pdf';
  if (!startsWith(bytes, ZIP_MAGIC)) return null;
  const entries = centralDirectory(bytes);
  if (!entries || !sizesPlausible(entries)) return null;
  if (!entries.some((e) => e.name === 'word/document.xml')) return null;
  if (entries.some((e) => nameCarriesCode(e.name)) || packageDeclaresCode(bytes, entries)) return null;
  return 'docx';
}
