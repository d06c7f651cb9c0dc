import { z } from 'zod';

/** What a failed API call says: its stable error code (translated by the UI). */
const errorBody = z.object({ ok: z.literal(false), error: z.object({ code: z.string() }) });

export type Progress = { phase: 'building' } | { phase: 'downloading'; received: number; total: number | null };

export type Fetched = { ok: true; blob: Blob; filename: string } | { ok: false; code: string };

/**
 * "minutes-abc-en.pdf" from `attachment; filename="minutes-abc-en.pdf"`. A non-ASCII name
 * ("Отчёт.docx") comes as `filename*=UTF-8''%D0%9E…` beside an ASCII fallback: that one wins.
 */
export function filenameOf(disposition: string | null, fallback: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // malformed escapes: fall back to the plain name
    }
  }
  const m = /filename="([^"]+)"/.exec(disposition ?? '');
  return m?.[1] ?? fallback;
}

/**
 * Fetches a file with the invite token, reporting progress: the server builds the whole file
 * before it answers ("building"), then the body streams in ("downloading", with its size).
 */
export async function fetchFile(
  url: string,
  token: string,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  fallbackName: string,
): Promise<Fetched> {
  onProgress({ phase: 'building' });
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal });
  if (!res.ok) {
    let code = 'internal';
    try {
      const parsed = errorBody.safeParse(await res.json());
      if (parsed.success) code = parsed.data.error.code;
    } catch {
      // not JSON: keep `internal`
    }
    return { ok: false, code };
  }
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const chunks: Array<Uint8Array<ArrayBuffer>> = [];
  let received = 0;
  onProgress({ phase: 'downloading', received, total });
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // A copy owns a plain ArrayBuffer, as Blob wants.
      chunks.push(new Uint8Array(value));
      received += value.byteLength;
      onProgress({ phase: 'downloading', received, total });
    }
  }
  return {
    ok: true,
    blob: new Blob(chunks, { type }),
    filename: filenameOf(res.headers.get('content-disposition'), fallbackName),
  };
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
