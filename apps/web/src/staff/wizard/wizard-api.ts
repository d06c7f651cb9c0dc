import { z } from 'zod';
import { meetingDefinitionSchema, type MeetingDefinition } from '@rostrum/core';

/**
 * The two meeting routes the wizard calls with the staff session (docs/protocol.md,
 * `POST /api/meetings`, `GET /api/meetings/:id`): the session cookie goes by itself, a write
 * carries the session's CSRF token.
 */
export type ServerIssue = { path: string; message: string };
export type CreateResult =
  { ok: true; id: string } | { ok: false; code: string; issues: ServerIssue[]; retryAfterSeconds: number | null };

const refusalSchema = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export async function createMeeting(csrf: string, definition: MeetingDefinition): Promise<CreateResult> {
  try {
    const res = await fetch('/api/meetings', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(definition),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const created = z.object({ ok: z.literal(true), data: z.object({ id: z.string() }) }).safeParse(json);
      if (created.success) return { ok: true, id: created.data.data.id };
      return { ok: false, code: 'internal', issues: [], retryAfterSeconds: null };
    }
    const refusal = refusalSchema.safeParse(json);
    const retry = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      code: refusal.success ? refusal.data.error.code : 'internal',
      issues: refusal.success ? (refusal.data.error.issues ?? []) : [],
      retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
    };
  } catch {
    return { ok: false, code: 'network', issues: [], retryAfterSeconds: null };
  }
}

/** A meeting's definition as it was created, or null when it cannot be read. */
export async function previousDefinition(meetingId: string): Promise<MeetingDefinition | null> {
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}`, { credentials: 'same-origin' });
    if (!res.ok) return null;
    const parsed = z
      .object({ ok: z.literal(true), data: z.object({ definition: meetingDefinitionSchema }) })
      .safeParse(await res.json());
    return parsed.success ? parsed.data.data.definition : null;
  } catch {
    return null;
  }
}
