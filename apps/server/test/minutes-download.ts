import { roleSchema, type MeetingDefinitionInput, type Role } from '@rostrum/core';
import { collapse, docxText, pdfText } from '@rostrum/minutes/testing';
import type { MinutesFormat } from '@rostrum/minutes';
import type { DemoFixture } from './fixture.js';
import { ADMIN_TOKEN, requestJson, type TestServer } from './harness.js';

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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A meeting created through the admin API (`POST /api/meetings`) from any definition (the demo
 * meeting is held in English and Russian; this one may be held in other languages): its id and
 * the token of the first link of a role (and delegation).
 */
export async function createMeeting(
  ts: TestServer,
  definition: MeetingDefinitionInput,
): Promise<{ id: string; token: (role: Role, delegationId?: string) => string }> {
  const res = await requestJson(ts, '/api/meetings', {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: JSON.stringify(definition),
  });
  const data = isRecord(res.body) ? res.body.data : undefined;
  if (res.status !== 201 || !isRecord(data) || typeof data.id !== 'string' || !Array.isArray(data.links))
    throw new Error(`creating the meeting failed: ${res.status} ${JSON.stringify(res.body)}`);
  const links = data.links.map((raw: unknown) => {
    if (!isRecord(raw) || typeof raw.url !== 'string') throw new Error('unexpected link');
    return {
      role: roleSchema.parse(raw.role),
      delegationId: typeof raw.delegationId === 'string' ? raw.delegationId : null,
      token: raw.url.split('#t=')[1] ?? '',
    };
  });
  return {
    id: data.id,
    token: (role, delegationId) => {
      const link = links.find(
        (l) => l.role === role && (delegationId === undefined || l.delegationId === delegationId),
      );
      if (!link?.token) throw new Error(`no ${role} link${delegationId ? ` for ${delegationId}` : ''}`);
      return link.token;
    },
  };
}
