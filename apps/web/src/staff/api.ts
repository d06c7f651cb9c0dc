import { z } from 'zod';
import { meetingLanguagesSchema, meetingTextSchema } from '@rostrum/core';

/**
 * The staff API (docs/protocol.md, "Staff accounts and sessions"). The session is an HttpOnly
 * cookie the browser sends by itself; every write also carries the session's CSRF token.
 */
const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'secretariat']),
  createdAt: z.number(),
  disabled: z.boolean(),
  passwordSet: z.boolean(),
});
export type StaffAccount = z.infer<typeof accountSchema>;

const sessionSchema = z.object({ account: accountSchema, csrfToken: z.string() });
export type StaffSession = z.infer<typeof sessionSchema>;

const meetingSchema = z.object({
  id: z.string(),
  title: meetingTextSchema(),
  languages: meetingLanguagesSchema,
  status: z.enum(['scheduled', 'open', 'closed']),
  startsAt: z.string(),
  timeZone: z.string(),
  openedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
});
export type StaffMeeting = z.infer<typeof meetingSchema>;

const linkInfoSchema = z.object({ kind: z.enum(['setup', 'set_password']), email: z.string().nullable() });
export type LinkInfo = z.infer<typeof linkInfoSchema>;

/** What a failed call says: the server's stable code, or `network` when it could not be asked. */
export type Failure = { ok: false; code: string; retryAfterSeconds: number | null };
export type Result<T> = { ok: true; data: T } | Failure;

const errorSchema = z.object({ ok: z.literal(false), error: z.object({ code: z.string() }) });

async function call<T>(
  schema: z.ZodType<T>,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; csrf?: string } = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  try {
    const res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = errorSchema.safeParse(json);
      const retry = Number(res.headers.get('retry-after'));
      return {
        ok: false,
        code: parsed.success ? parsed.data.error.code : 'internal',
        retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
      };
    }
    const parsed = z.object({ ok: z.literal(true), data: schema }).safeParse(json);
    return parsed.success
      ? { ok: true, data: parsed.data.data }
      : { ok: false, code: 'internal', retryAfterSeconds: null };
  } catch {
    return { ok: false, code: 'network', retryAfterSeconds: null };
  }
}

const empty = z.object({});

/** Whether the server signs staff in with an OpenID Connect provider, and its name for the button. */
const oidcInfoSchema = z.object({ enabled: z.boolean(), providerName: z.string().nullable() });
export type OidcInfo = z.infer<typeof oidcInfoSchema>;
/** Where the browser goes to sign in with the provider (a full page load, not a fetch). */
export const OIDC_START_PATH = '/api/staff/oidc/start';

export const staffApi = {
  session: () => call(sessionSchema, '/api/staff/session'),
  signIn: (email: string, password: string) => call(sessionSchema, '/api/staff/signin', { body: { email, password } }),
  oidc: () => call(oidcInfoSchema, '/api/staff/oidc'),
  signOut: (csrf: string) => call(empty, '/api/staff/signout', { method: 'POST', csrf }),
  signOutEverywhere: (csrf: string) => call(empty, '/api/staff/signout-everywhere', { method: 'POST', csrf }),
  linkInfo: (token: string) => call(linkInfoSchema, `/api/staff/links/${encodeURIComponent(token)}`),
  useLink: (token: string, body: { email?: string; name?: string; password: string }) =>
    call(sessionSchema, `/api/staff/links/${encodeURIComponent(token)}`, { body }),
  accounts: () => call(z.array(accountSchema), '/api/staff/accounts'),
  createAccount: (
    csrf: string,
    body: { email: string; name: string; role: 'admin' | 'secretariat'; password: string | null },
  ) =>
    call(z.object({ account: accountSchema, setPasswordUrl: z.string().nullable() }), '/api/staff/accounts', {
      body,
      csrf,
    }),
  setDisabled: (csrf: string, id: string, disabled: boolean) =>
    call(accountSchema, `/api/staff/accounts/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, {
      method: 'POST',
      csrf,
    }),
  meetings: () => call(z.array(meetingSchema), '/api/staff/meetings'),
  enter: (csrf: string, meetingId: string, role: 'secretariat' | 'chair') =>
    call(z.object({ token: z.string() }), `/api/staff/meetings/${encodeURIComponent(meetingId)}/enter`, {
      body: { role },
      csrf,
    }),
};

/** The server's minimum password length (staff/passwords.ts). */
export const PASSWORD_MIN = 10;
