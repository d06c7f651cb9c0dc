import { parentPort } from 'node:worker_threads';
import { parseMinutesFormat, parseMinutesLang, renderMinutes, type Minutes } from '@rostrum/minutes';

/**
 * Builds DOCX and PDF files off the main thread: a large PDF takes a second or more of CPU,
 * which on the main thread would hold every command and broadcast of every live meeting.
 * Started by renderer.ts through worker-boot.mjs (which loads the TypeScript hooks).
 */
type Reply =
  | { id: number; ok: true; body: Uint8Array; contentType: string; filename: string }
  | { id: number; ok: false; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const port = parentPort;
if (port) {
  port.on('message', (job: unknown) => {
    if (!isRecord(job) || typeof job.id !== 'number' || !isRecord(job.minutes)) return;
    const id = job.id;
    // The model was built by the parent from the record and cloned across: it is a Minutes.
    const minutes = job.minutes as Minutes;
    const format = parseMinutesFormat(job.format);
    // The language is sent as its query form (`fr+ar`), checked again against the meeting's.
    const lang = parseMinutesLang(job.lang, minutes.meeting.languages);
    if (format === null || !lang.ok) {
      port.postMessage({ id, ok: false, message: 'bad job' } satisfies Reply);
      return;
    }
    renderMinutes(minutes, format, lang.lang).then(
      (file) => {
        // A copy: the library's buffer may be a slice of a shared pool, which must not be moved.
        const body = new Uint8Array(file.body);
        port.postMessage(
          { id, ok: true, body, contentType: file.contentType, filename: file.filename } satisfies Reply,
          [body.buffer],
        );
      },
      (err: unknown) =>
        port.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies Reply),
    );
  });
}
