import { z } from 'zod';
import { FILE_KINDS } from '@rostrum/core';
import type { AddFileResult, FileLimits, StoredFile, StoredFileMeta } from './types.js';

/** The `files` table as both dialects read and write it, and the limit check both apply. */

const fileMetaRow = z.object({
  id: z.string(),
  meeting_id: z.string(),
  name: z.string(),
  kind: z.enum(FILE_KINDS),
  size: z.coerce.number(),
  sha256: z.string(),
  uploaded_by: z.string().nullable(),
  created_at: z.coerce.number(),
});
const fileDataRow = z.object({ data: z.instanceof(Buffer) });

/** A file's columns in `INSERT INTO files`, in the order of `fileInsertValues`. */
export const FILE_INSERT_COLUMNS = 'meeting_id, id, name, kind, size, sha256, uploaded_by, created_at, data';

export function fileInsertValues(file: StoredFile): unknown[] {
  return [
    file.meetingId,
    file.id,
    file.name,
    file.kind,
    file.size,
    file.sha256,
    file.uploadedBy,
    file.createdAt,
    Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
  ];
}

/** The columns of a file row without its bytes, for listings. */
export const FILE_META_COLUMNS = 'id, meeting_id, name, kind, size, sha256, uploaded_by, created_at';

/** A file without its bytes. */
export function fileMetaOf(file: StoredFile): StoredFileMeta {
  const { data: _bytes, ...meta } = file;
  return meta;
}

/** Why a meeting that holds `used` cannot take `size` more bytes in one more file, or null if it can. */
export function fileLimitRefusal(
  used: { n: number; total: number },
  size: number,
  limits: FileLimits,
): AddFileResult | null {
  if (used.n + 1 > limits.maxCount) return { ok: false, reason: 'too_many' };
  if (used.total + size > limits.maxTotalBytes) return { ok: false, reason: 'too_large' };
  return null;
}

/** What `SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS total` says a meeting holds. */
export function toFileUsage(row: unknown): { n: number; total: number } {
  return z.object({ n: z.coerce.number(), total: z.coerce.number() }).parse(row);
}

/** A file row as the file's description. */
export function toFileMeta(row: unknown): StoredFileMeta {
  const r = fileMetaRow.parse(row);
  return {
    id: r.id,
    meetingId: r.meeting_id,
    name: r.name,
    kind: r.kind,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at,
  };
}

/** A file row with its `data` column. */
export function toFile(row: unknown): StoredFile {
  const { data } = fileDataRow.parse(row);
  return { ...toFileMeta(row), data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
