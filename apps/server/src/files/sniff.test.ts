import { randomBytes } from 'node:crypto';
import { strToU8, strFromU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFileKind } from './sniff.js';

const le16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

/**
 * A body of a few hundred bytes that says it is a ZIP64 archive of 100 million entries: the
 * unzipper would loop that many times over garbage (minutes of a blocked event loop).
 */
function zip64Claiming(entries: number): Uint8Array {
  const head = [0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)];
  const record = head.length;
  const zip64Record = [
    ...le32(0x06064b50),
    ...le32(44),
    0,
    0,
    ...le32(0),
    ...le32(0),
    0,
    0,
    0,
    0,
    ...le32(entries),
    0,
    0,
    0,
    0,
    ...le32(entries),
    0,
    0,
    0,
    0,
    ...le32(0),
    0,
    0,
    0,
    0,
    ...le32(0),
    0,
    0,
    0,
    0,
  ];
  const locator = [...le32(0x07064b50), ...le32(0), ...le32(record), 0, 0, 0, 0, ...le32(1)];
  const eocd = [
    ...le32(0x06054b50),
    0,
    0,
    0,
    0,
    ...le16(0xffff),
    ...le16(0xffff),
    ...le32(0xffffffff),
    ...le32(0xffffffff),
    0,
    0,
  ];
  return new Uint8Array([...head, ...zip64Record, ...locator, ...eocd]);
}

/** An ordinary ZIP whose directory record says it holds `entries` entries (it holds one). */
function zipClaiming(entries: number): Uint8Array {
  const real = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
  const out = real.slice();
  const e = out.length - 22;
  out.set(le16(entries), e + 8);
  out.set(le16(entries), e + 10);
  return out;
}

const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A Word document with the parts Word needs, and `extra` parts or replaced ones. */
function docx(extra: Zippable = {}, overrides = ''): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${CONTENT_TYPES_NS}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>${overrides}</Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8('<w:document/>'),
    ...extra,
  });
}

/** Central directory records of a ZIP: [offset of the record, its name]. */
function centralRecords(zip: Uint8Array): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let o = 0; o + 46 <= zip.length; o++) {
    if (zip[o] !== 0x50 || zip[o + 1] !== 0x4b || zip[o + 2] !== 0x01 || zip[o + 3] !== 0x02) continue;
    const nameLength = (zip[o + 28] ?? 0) | ((zip[o + 29] ?? 0) << 8);
    out.push([o, strFromU8(zip.subarray(o + 46, o + 46 + nameLength))]);
  }
  return out;
}

/**
 * The archive with the uncompressed sizes its central directory declares changed (nothing is
 * compressed for real: a zip bomb as the directory describes it, a few hundred bytes long).
 */
function declaring(zip: Uint8Array, sizes: Record<string, number>): Uint8Array {
  const out = zip.slice();
  for (const [o, name] of centralRecords(out)) {
    const size = sizes[name];
    if (size !== undefined) out.set(le32(size), o + 24);
  }
  return out;
}

describe('what an upload is, by its content', () => {
  it('a PDF by its header, a DOCX by its parts', () => {
    expect(detectFileKind(strToU8('%PDF-1.7\n%…'))).toBe('pdf');
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<w:document/>'),
      'word/styles.xml': strToU8('<w:styles/>'),
    });
    expect(detectFileKind(docx)).toBe('docx');
  });

  it('refuses a crafted archive that claims more entries than it could hold, before reading it', () => {
    expect(detectFileKind(zip64Claiming(100_000_000))).toBeNull();
    expect(detectFileKind(zipClaiming(60_000))).toBeNull();
    // The same archive with its true count is a DOCX.
    expect(detectFileKind(zipClaiming(1))).toBe('docx');
  });

  it('refuses Word files that carry code, wherever the part is named', () => {
    const base = { 'word/document.xml': strToU8('<w:document/>') };
    expect(detectFileKind(zipSync({ ...base, 'word/vbaProject.bin': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(zipSync({ ...base, 'word/media/vbaProject.bin': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(zipSync({ ...base, 'word/activeX/activeX1.xml': strToU8('<ax/>') }))).toBeNull();
  });

  it('refuses Word files with embedded OLE objects, by part name or by content type', () => {
    expect(detectFileKind(docx())).toBe('docx');
    expect(
      detectFileKind(docx({ 'word/embeddings/oleObject1.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) })),
    ).toBeNull();
    expect(detectFileKind(docx({ 'word/embeddings/Package.bin': new Uint8Array([1]) }))).toBeNull();
    // Named like an image, declared an OLE object.
    const ole =
      '<Override PartName="/word/media/image1.png" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>';
    expect(detectFileKind(docx({ 'word/media/image1.png': new Uint8Array([1]) }, ole))).toBeNull();
    // The same with the type written with an XML character reference, which Word decodes.
    expect(
      detectFileKind(
        docx({ 'word/media/image1.png': new Uint8Array([1]) }, ole.replace('oleObject', '&#111;leObject')),
      ),
    ).toBeNull();
    const bin = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>';
    expect(detectFileKind(docx({ 'word/data.bin': new Uint8Array([1]) }, bin))).toBeNull();
    // A relationship to an OLE object, or to a macro template fetched from elsewhere.
    const rels = (rel: string) => ({
      'word/_rels/document.xml.rels': strToU8(`<Relationships xmlns="${RELS_NS}">${rel}</Relationships>`),
    });
    expect(
      detectFileKind(docx(rels(`<Relationship Id="rId9" Type="${DOC_REL}/oleObject" Target="media/image1.png"/>`))),
    ).toBeNull();
    expect(
      detectFileKind(
        docx(
          rels(
            `<Relationship Id="rId9" TargetMode="External" Type="${DOC_REL}/attachedTemplate" Target="https://evil.example/t.dotm"/>`,
          ),
        ),
      ),
    ).toBeNull();
    // What ordinary reports hold stays accepted: a chart's workbook, a hyperlink, an image.
    expect(
      detectFileKind(
        docx({
          'word/embeddings/Microsoft_Excel_Worksheet.xlsx': new Uint8Array([0x50, 0x4b, 3, 4]),
          'word/media/image1.png': new Uint8Array([0x89, 0x50]),
          ...rels(
            `<Relationship Id="rId5" Type="${DOC_REL}/hyperlink" Target="https://www.wcoomd.org/" TargetMode="External"/><Relationship Id="rId6" Type="${DOC_REL}/image" Target="media/image1.png"/>`,
          ),
        }),
      ),
    ).toBe('docx');
  });

  it('compares part names with \\ read as / and in any case', () => {
    expect(detectFileKind(docx({ 'word\\vbaProject.bin': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(docx({ 'WORD/VBAPROJECT.BIN': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(docx({ 'word\\activeX\\activeX1.xml': strToU8('<ax/>') }))).toBeNull();
    expect(detectFileKind(docx({ '/word/embeddings/oleObject1.bin': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(docx({ 'word\\embeddings\\OLEOBJECT1.BIN': new Uint8Array([1]) }))).toBeNull();
    expect(detectFileKind(docx({ 'word/vbaProject%2Ebin': new Uint8Array([1]) }))).toBeNull();
  });

  it('refuses a zip bomb by the sizes its central directory declares, without inflating anything', () => {
    // Two parts of 100 kB each that do not compress (deflate keeps them at about their size).
    const noise = () => new Uint8Array(randomBytes(100_000));
    const big = docx({ 'word/media/a.bin.png': noise(), 'word/media/b.bin.png': noise() });
    expect(detectFileKind(big)).toBe('docx');
    // Each declaring 100 MB: a ratio deflate can reach (1,000:1), but 200 MB in all.
    expect(
      detectFileKind(declaring(big, { 'word/media/a.bin.png': 100_000_000, 'word/media/b.bin.png': 100_000_000 })),
    ).toBeNull();
    expect(detectFileKind(declaring(big, { 'word/media/a.bin.png': 90_000_000 }))).toBe('docx');
    // One entry declaring more than deflate could ever give from its few compressed bytes.
    const small = docx({ 'word/media/a.xml': strToU8('x'.repeat(1000)) });
    expect(detectFileKind(small)).toBe('docx');
    expect(detectFileKind(declaring(small, { 'word/media/a.xml': 5_000_000 }))).toBeNull();
    // A stored (uncompressed) entry whose sizes disagree.
    const stored = zipSync({ 'word/document.xml': [strToU8('<w:document/>'), { level: 0 }] });
    expect(detectFileKind(stored)).toBe('docx');
    expect(detectFileKind(declaring(stored, { 'word/document.xml': 1000 }))).toBeNull();
  });

  it('refuses what is neither: a spreadsheet, a ZIP header over garbage, an executable', () => {
    expect(detectFileKind(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toBeNull();
    expect(detectFileKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
    expect(detectFileKind(strToU8('MZ\x90\x00This program cannot be run in DOS mode'))).toBeNull();
  });
});
