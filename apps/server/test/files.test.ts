import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS, type FileRef } from '@rostrum/core';
import {
  Cleanup,
  commandId,
  connectSocket,
  createDemoMeeting,
  freshDataDir,
  mustCommand,
  requestJson,
  restartServer,
  room,
  sendCommand,
  startManagedServer,
  type TestMeeting,
  type TestServer,
} from './harness.js';
import { backupDataDir } from '../src/tools/backup.js';
import { minimalPdf } from './pdf-fixture.js';
import { SqliteStore } from '../src/store/sqlite.js';

/**
 * Uploaded documents end to end on a real server: upload by the staff, download by any
 * participant with the bytes unchanged, every refusal (role, content, size, meeting, revoked
 * link, unknown file in a command) storing nothing, and the files surviving a restart.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A real (minimal) Word document: the parts Word needs, zipped. */
function minimalDocx(text: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    ),
  });
}

/** The archive with every entry's uncompressed size in its central directory set to `size` (nothing inflates to it). */
function declaringSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let o = 0; o + 46 <= out.length; o++)
    if (view.getUint32(o, true) === 0x02014b50) view.setUint32(o + 24, size, true);
  return out;
}

type Upload = { status: number; body: unknown };

async function upload(
  ts: TestServer,
  meetingId: string,
  token: string | undefined,
  bytes: Uint8Array,
  name: string,
  contentType = 'application/octet-stream',
): Promise<Upload> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  // A copy owns a plain ArrayBuffer, as fetch's body type wants.
  const res = await fetch(`${ts.url}/api/meetings/${meetingId}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/** The stored file's reference: 201 for a new file, 200 for the same bytes and name again. */
function refOf(res: Upload): FileRef {
  expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  const body = res.body as { ok: boolean; data: FileRef };
  expect(body.ok).toBe(true);
  return body.data;
}

function codeOf(res: { body: unknown }): unknown {
  return (res.body as { error?: { code?: unknown } }).error?.code;
}

async function download(
  ts: TestServer,
  meetingId: string,
  fileId: string,
  token: string | undefined,
): Promise<Response> {
  return fetch(`${ts.url}/api/meetings/${meetingId}/files/${fileId}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

async function setup(): Promise<{ ts: TestServer; meeting: TestMeeting; other: TestMeeting }> {
  const ts = await startManagedServer(cleanup, freshDataDir(cleanup));
  return { ts, meeting: await createDemoMeeting(ts), other: await createDemoMeeting(ts) };
}

const title = { en: 'ROCB Europe report', ru: 'Отчёт РБСП Европы' };

describe('uploaded documents', () => {
  it('the secretariat uploads a PDF and the chair a DOCX; a delegate downloads both byte for byte; they survive a restart', async () => {
    const { ts, meeting } = await setup();
    const pdf = minimalPdf();
    const docx = minimalDocx('Отчёт');
    const en = refOf(
      await upload(ts, meeting.id, meeting.token('secretariat'), pdf, 'ROCB report 2021.pdf', 'application/pdf'),
    );
    const ru = refOf(await upload(ts, meeting.id, meeting.token('chair'), docx, 'C:\\Отчёты\\Отчёт РБСП 2021.docx'));
    expect(en).toMatchObject({ name: 'ROCB report 2021.pdf', size: pdf.byteLength, kind: 'pdf' });
    expect(ru).toMatchObject({ name: 'Отчёт РБСП 2021.docx', size: docx.byteLength, kind: 'docx' });
    expect(en.id).not.toBe(ru.id);

    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const ack = await sendCommand(secretariat, {
      id: commandId('docs'),
      type: 'agenda.setDocuments',
      itemId: 'rocb-report',
      documents: [{ title, url: 'https://example.org/r.pdf', files: { en, ru } }],
    });
    expect(ack.ok).toBe(true);
    expect(room(ts, meeting.id).state.agenda.items['rocb-report']?.documents).toEqual([
      { title, url: 'https://example.org/r.pdf', files: { en, ru } },
    ]);

    const check = async (server: TestServer) => {
      const delegate = meeting.token('delegate', 'uz');
      const a = await download(server, meeting.id, en.id, delegate);
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toBe('application/pdf');
      expect(a.headers.get('content-disposition')).toBe('attachment; filename="ROCB report 2021.pdf"');
      expect(a.headers.get('cache-control')).toBe('private, no-store');
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await a.arrayBuffer())).toEqual(pdf);
      const b = await download(server, meeting.id, ru.id, delegate);
      expect(b.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      // The Cyrillic name in RFC 5987 form, with an ASCII fallback for old clients.
      expect(b.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('Отчёт РБСП 2021.docx')}`,
      );
      expect(new Uint8Array(await b.arrayBuffer())).toEqual(docx);
      // Observers and presenters are participants too.
      expect((await download(server, meeting.id, en.id, meeting.token('observer'))).status).toBe(200);
    };
    await check(ts);
    const restarted = await restartServer(cleanup, ts);
    await check(restarted);
    expect(room(restarted, meeting.id).state.agenda.items['rocb-report']?.documents[0]?.files).toEqual({ en, ru });
  });

  // On PostgreSQL (the cluster run) the data folder has no database: its own backups apply.
  it.skipIf(process.env.TEST_DATABASE_URL !== undefined)('the backup of the data folder holds the files', async () => {
    const { ts, meeting } = await setup();
    const pdf = minimalPdf();
    const ref = refOf(await upload(ts, meeting.id, meeting.token('secretariat'), pdf, 'a.pdf'));
    const dest = join(freshDataDir(cleanup), 'copy');
    const { file } = await backupDataDir(ts.dataDir, dest);
    const copy = cleanup.add(new SqliteStore(file), (s) => s.close());
    expect((await copy.getFile(meeting.id, ref.id))?.data).toEqual(pdf);
  });

  it("refuses an upload from a delegate, without a token, with another meeting's token, or to no meeting; stores nothing", async () => {
    const { ts, meeting, other } = await setup();
    const pdf = minimalPdf();
    const delegate = await upload(ts, meeting.id, meeting.token('delegate', 'uz'), pdf, 'a.pdf');
    expect([delegate.status, codeOf(delegate)]).toEqual([403, 'forbidden']);
    const observer = await upload(ts, meeting.id, meeting.token('observer'), pdf, 'a.pdf');
    expect(observer.status).toBe(403);
    const none = await upload(ts, meeting.id, undefined, pdf, 'a.pdf');
    expect([none.status, codeOf(none)]).toEqual([401, 'unauthorized']);
    const foreign = await upload(ts, meeting.id, other.token('secretariat'), pdf, 'a.pdf');
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'forbidden']);
    const missing = await upload(ts, 'no-such-meeting', 'test-admin', pdf, 'a.pdf');
    expect([missing.status, codeOf(missing)]).toEqual([404, 'not_found']);
    expect(await ts.server.registry.store.listFiles(meeting.id)).toEqual([]);
  });

  it('refuses an upload once the meeting is closed (its documents can no longer change) and stores nothing', async () => {
    const { ts, meeting } = await setup();
    const chair = await connectSocket(cleanup, ts, meeting.token('chair'));
    await mustCommand(chair, { type: 'meeting.open' });
    await mustCommand(chair, { type: 'meeting.close' });
    const late = await upload(ts, meeting.id, meeting.token('secretariat'), minimalPdf(), 'late.pdf');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'meeting_closed' } });
    expect(await ts.server.registry.store.listFiles(meeting.id)).toEqual([]);
  });

  it('checks the content, not the name: an .exe called .pdf, a spreadsheet, a macro document and an empty body are refused', async () => {
    const { ts, meeting } = await setup();
    const token = meeting.token('secretariat');
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...strToU8('This program cannot be run in DOS mode')]);
    const refused = await upload(ts, meeting.id, token, exe, 'report.pdf', 'application/pdf');
    expect([refused.status, codeOf(refused)]).toEqual([415, 'unsupported_media_type']);
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    expect((await upload(ts, meeting.id, token, xlsx, 'report.docx')).status).toBe(415);
    const docm = zipSync({
      'word/document.xml': strToU8('<w:document/>'),
      'word/vbaProject.bin': new Uint8Array([1, 2, 3]),
    });
    expect((await upload(ts, meeting.id, token, docm, 'report.docx')).status).toBe(415);
    // An embedded OLE object, a VBA project named with a backslash, a zip bomb (its directory declaring 200 MB).
    const word = { 'word/document.xml': strToU8('<w:document/>') };
    for (const hostile of [
      zipSync({ ...word, 'word/embeddings/oleObject1.bin': new Uint8Array([0xd0, 0xcf]) }),
      zipSync({ ...word, 'word\\vbaProject.bin': new Uint8Array([1]) }),
      declaringSize(minimalDocx('x'), 200_000_000),
    ]) {
      const res = await upload(ts, meeting.id, token, hostile, 'report.docx');
      expect([res.status, codeOf(res)]).toEqual([415, 'unsupported_media_type']);
    }
    // A ZIP header with garbage after it is not a DOCX either.
    expect(
      (await upload(ts, meeting.id, token, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.docx')).status,
    ).toBe(415);
    const empty = await upload(ts, meeting.id, token, new Uint8Array(), 'x.pdf');
    expect([empty.status, codeOf(empty)]).toEqual([400, 'invalid']);
    // A DOCX named .pdf is kept as what it is.
    expect(refOf(await upload(ts, meeting.id, token, minimalDocx('x'), 'notes.pdf'))).toMatchObject({
      kind: 'docx',
      name: 'notes.pdf.docx',
    });
    expect(await ts.server.registry.store.listFiles(meeting.id)).toHaveLength(1);
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const { ts, meeting } = await setup();
    const big = new Uint8Array(LIMITS.fileBytes + 1);
    big.set(strToU8('%PDF-1.4\n'));
    const res = await upload(ts, meeting.id, meeting.token('secretariat'), big, 'big.pdf');
    expect([res.status, codeOf(res)]).toEqual([413, 'payload_too_large']);
    expect(await ts.server.registry.store.listFiles(meeting.id)).toEqual([]);
    // Exactly the limit is accepted.
    expect(
      refOf(await upload(ts, meeting.id, meeting.token('secretariat'), big.subarray(0, LIMITS.fileBytes), 'max.pdf'))
        .size,
    ).toBe(LIMITS.fileBytes);
  });

  it('answers a retried upload (same bytes, same name) with the file already stored; another name is another file', async () => {
    const { ts, meeting } = await setup();
    const token = meeting.token('secretariat');
    const first = await upload(ts, meeting.id, token, minimalPdf(), 'Отчёт.pdf');
    const again = await upload(ts, meeting.id, token, minimalPdf(), 'Отчёт.pdf');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(refOf(again)).toEqual(refOf(first));
    const renamed = await upload(ts, meeting.id, token, minimalPdf(), 'Report.pdf');
    expect(refOf(renamed).id).not.toBe(refOf(first).id);
    expect(await ts.server.registry.store.listFiles(meeting.id)).toHaveLength(2);
  });

  it("refuses the upload past the meeting's count of files with 413, stores nothing more, and takes the next meeting's", async () => {
    const { ts, meeting, other } = await setup();
    const token = meeting.token('secretariat');
    const pdf = minimalPdf();
    for (let i = 0; i < LIMITS.filesPerMeeting; i++)
      expect((await upload(ts, meeting.id, token, pdf, `p${i}.pdf`)).status).toBe(201);
    const over = await upload(ts, meeting.id, token, pdf, 'one-more.pdf');
    expect([over.status, codeOf(over)]).toEqual([413, 'payload_too_large']);
    expect(await ts.server.registry.store.listFiles(meeting.id)).toHaveLength(LIMITS.filesPerMeeting);
    expect((await upload(ts, other.id, other.token('secretariat'), pdf, 'elsewhere.pdf')).status).toBe(201);
  });

  it("downloads only with a valid token of that meeting: another meeting's, a revoked link, none, an unknown file", async () => {
    const { ts, meeting, other } = await setup();
    const ref = refOf(await upload(ts, meeting.id, meeting.token('secretariat'), minimalPdf(), 'a.pdf'));
    expect((await download(ts, meeting.id, ref.id, other.token('delegate', 'uz'))).status).toBe(403);
    // The other meeting's URL with its own token: the file is not there.
    expect((await download(ts, other.id, ref.id, other.token('delegate', 'uz'))).status).toBe(404);
    expect((await download(ts, meeting.id, ref.id, undefined)).status).toBe(401);
    expect((await download(ts, meeting.id, ref.id, 'not-a-token')).status).toBe(401);
    expect((await download(ts, meeting.id, 'f-unknown', meeting.token('delegate', 'uz'))).status).toBe(404);
    expect((await download(ts, meeting.id, '..%2F..%2Fetc', meeting.token('delegate', 'uz'))).status).toBe(404);

    const invites = await requestJson(ts, `/api/meetings/${meeting.id}/invites`, {
      token: meeting.token('secretariat'),
    });
    const uz = (invites.body as { data: Array<{ id: string; delegationId: string | null; role: string }> }).data.find(
      (i) => i.role === 'delegate' && i.delegationId === 'uz',
    );
    if (!uz) throw new Error('no invite for uz');
    expect((await download(ts, meeting.id, ref.id, meeting.token('delegate', 'uz'))).status).toBe(200);
    expect(
      (
        await requestJson(ts, `/api/meetings/${meeting.id}/invites/${uz.id}/revoke`, {
          method: 'POST',
          token: meeting.token('secretariat'),
        })
      ).status,
    ).toBe(200);
    const revoked = await download(ts, meeting.id, ref.id, meeting.token('delegate', 'uz'));
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('agenda.setDocuments may name only files of its meeting, as uploaded; a refused command changes nothing', async () => {
    const { ts, meeting, other } = await setup();
    const mine = refOf(await upload(ts, meeting.id, meeting.token('secretariat'), minimalPdf(), 'mine.pdf'));
    const theirs = refOf(await upload(ts, other.id, other.token('secretariat'), minimalPdf(), 'theirs.pdf'));
    const secretariat = await connectSocket(cleanup, ts, meeting.token('secretariat'));
    const before = room(ts, meeting.id).state;
    const set = (files: Record<string, unknown>) =>
      sendCommand(secretariat, {
        id: commandId('docs'),
        type: 'agenda.setDocuments',
        itemId: 'rocb-report',
        documents: [{ title, files }],
      });

    for (const files of [
      { en: { ...mine, id: 'f-unknown' } },
      { en: theirs },
      { ru: { ...mine, name: 'other.pdf' } },
      { en: { ...mine, kind: 'docx' } },
      { en: mine, ru: { ...mine, size: mine.size + 1 } },
    ]) {
      const ack = await set(files);
      expect(ack.ok, JSON.stringify(files)).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('invalid');
    }
    expect(room(ts, meeting.id).state).toBe(before);
    expect(
      (await ts.server.registry.store.listCommands(meeting.id)).filter((c) => c.type === 'agenda.setDocuments'),
    ).toEqual([]);

    // A delegate's command is refused for its role, as any other, whatever it names.
    const delegate = await connectSocket(cleanup, ts, meeting.token('delegate', 'uz'));
    const forbidden = await sendCommand(delegate, {
      id: commandId('docs'),
      type: 'agenda.setDocuments',
      itemId: 'rocb-report',
      documents: [{ title, files: { en: { ...mine, id: 'f-unknown' } } }],
    });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('forbidden');

    // The same file in both languages and twice is fine.
    expect((await set({ en: mine, ru: mine })).ok).toBe(true);
  });
});
