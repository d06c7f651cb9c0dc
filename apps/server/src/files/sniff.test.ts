import { strToU8, zipSync } from 'fflate';
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
  const zip64Record = [...le32(0x06064b50), ...le32(44), 0, 0, ...le32(0), ...le32(0), 0, 0, 0, 0, ...le32(entries), 0, 0, 0, 0, ...le32(entries), 0, 0, 0, 0, ...le32(0), 0, 0, 0, 0, ...le32(0), 0, 0, 0, 0];
  const locator = [...le32(0x07064b50), ...le32(0), ...le32(record), 0, 0, 0, 0, ...le32(1)];
  const eocd = [...le32(0x06054b50), 0, 0, 0, 0, ...le16(0xffff), ...le16(0xffff), ...le32(0xffffffff), ...le32(0xffffffff), 0, 0];
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

describe('what an upload is, by its content', () => {
  it('a PDF by its header, a DOCX by its parts', () => {
    expect(detectFileKind(strToU8('%PDF-1.7\n%…'))).toBe('pdf');
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>'), 'word/styles.xml': strToU8('<w:styles/>') });
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

  it('refuses what is neither: a spreadsheet, a ZIP header over garbage, an executable', () => {
    expect(detectFileKind(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toBeNull();
    expect(detectFileKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
    expect(detectFileKind(strToU8('MZ\x90\x00This program cannot be run in DOS mode'))).toBeNull();
  });
});
