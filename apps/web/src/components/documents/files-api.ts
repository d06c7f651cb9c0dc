import { z } from 'zod';
import { fileRefSchema, type FileRef } from '@rostrum/core';

/** The REST paths of document files (docs/protocol.md, *Document files*). */
export const filesPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/files`;
export const filePath = (meetingId: string, fileId: string) => `${filesPath(meetingId)}/${encodeURIComponent(fileId)}`;

const uploaded = z.object({ ok: z.literal(true), data: fileRefSchema });
const refused = z.object({ ok: z.literal(false), error: z.object({ code: z.string() }) });

export type UploadResult = { ok: true; ref: FileRef } | { ok: false; code: string };
export type Upload = { done: Promise<UploadResult>; abort: () => void };

function parse(text: string): UploadResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, code: 'internal' };
  }
  const ok = uploaded.safeParse(body);
  if (ok.success) return { ok: true, ref: ok.data.data };
  const failed = refused.safeParse(body);
  return { ok: false, code: failed.success ? failed.data.error.code : 'internal' };
}

/**
 * Sends a file as the raw body, with the invite token. XMLHttpRequest rather than fetch: only
 * it reports upload progress, which a 20 MB report on a hotel connection needs.
 */
export function uploadFile(
  meetingId: string,
  token: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', `${filesPath(meetingId)}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => resolve(parse(xhr.responseText));
    xhr.onerror = () => resolve({ ok: false, code: 'timeout' });
    xhr.onabort = () => resolve({ ok: false, code: 'aborted' });
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
