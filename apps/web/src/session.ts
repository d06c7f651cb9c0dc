import { z } from 'zod';
import { roleSchema, seatSchema } from '@rostrum/core';

/** The pages: a meeting (by invite link), else the staff's pages (staff/StaffApp.tsx). */
export type Route =
  | { kind: 'home' }
  | { kind: 'meeting'; meetingId: string; projector: boolean }
  | { kind: 'signin' }
  | { kind: 'accounts' }
  /** A one-time link: the first administrator's account, or an account's password. */
  | { kind: 'setup'; token: string };

export function parseRoute(pathname: string): Route {
  if (/^\/signin\/?$/.test(pathname)) return { kind: 'signin' };
  if (/^\/accounts\/?$/.test(pathname)) return { kind: 'accounts' };
  const setup = /^\/setup\/([A-Za-z0-9_-]{20,100})\/?$/.exec(pathname);
  if (setup?.[1]) return { kind: 'setup', token: setup[1] };
  const m = /^\/m\/([A-Za-z0-9_-]{1,64})(\/projector)?\/?$/.exec(pathname);
  if (!m?.[1]) return { kind: 'home' };
  return { kind: 'meeting', meetingId: m[1], projector: m[2] !== undefined };
}

const tokenKey = (meetingId: string) => `rostrum.token.${meetingId}`;

/**
 * The invite token arrives in the link's fragment (never sent to the server in a URL, so it
 * stays out of access logs). It is kept per tab and per browser, and removed from the address bar.
 */
export function takeToken(meetingId: string): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromLink = fragment.get('t');
  if (fromLink) {
    sessionStorage.setItem(tokenKey(meetingId), fromLink);
    localStorage.setItem(tokenKey(meetingId), fromLink);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromLink;
  }
  return sessionStorage.getItem(tokenKey(meetingId)) ?? localStorage.getItem(tokenKey(meetingId));
}

const sessionSchema = z.object({
  ok: z.literal(true),
  data: z.object({
    meetingId: z.string(),
    role: roleSchema,
    delegationId: z.string().nullable(),
    presenterId: z.string().nullable(),
    /** A delegate's seat (head or deputy); older servers do not send it. */
    seat: seatSchema.nullable().default(null),
    serverNow: z.number(),
  }),
});
export type Session = z.infer<typeof sessionSchema>['data'];

export type SessionResult =
  { ok: true; session: Session } | { ok: false; reason: 'unauthorized' | 'not_found' | 'network' };

export async function fetchSession(token: string): Promise<SessionResult> {
  try {
    const res = await fetch('/api/session', { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401 || res.status === 403) return { ok: false, reason: 'unauthorized' };
    if (res.status === 404) return { ok: false, reason: 'not_found' };
    const parsed = sessionSchema.safeParse(await res.json());
    return parsed.success ? { ok: true, session: parsed.data.data } : { ok: false, reason: 'network' };
  } catch {
    return { ok: false, reason: 'network' };
  }
}
