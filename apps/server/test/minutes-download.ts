import { collapse, docxText, pdfText } from '@rostrum/minutes/testing';
import type { MinutesFormat } from '@rostrum/minutes';
import type { DemoFixture } from './fixture.js';

/** A file as the minutes endpoint serves it. */
export type Download = {
  status: number;
  type: string | null;
  disposition: string | null;
  intact: string | null;
  body: Uint8Array;
};

/**
 * Downloads of the demo meeting's minutes on the running test's server (`demo` is read at each
 * call, so a restarted server is the one asked).
 */
export function minutesDownloads(demo: DemoFixture) {
  async function download(path: string, token?: string): Promise<Download> {
    const res = await fetch(`${demo.ts.url}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      intact: res.headers.get('x-log-intact'),
      body: new Uint8Array(await res.arrayBuffer()),
    };
  }

  const minutesPath = (format: string, lang: string) =>
    `/api/meetings/${demo.meeting.id}/minutes?format=${format}&lang=${encodeURIComponent(lang)}`;
  return { download, minutesPath };
}

/** The text a reader of the file sees, whitespace collapsed. */
export async function readable(format: MinutesFormat, body: Uint8Array): Promise<string> {
  if (format === 'docx') return collapse(docxText(body));
  if (format === 'pdf') return collapse(await pdfText(body));
  return collapse(new TextDecoder().decode(body));
}
