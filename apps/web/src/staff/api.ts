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
  archivedAt: z.number().nullable(),
  minutesExportedAt: z.number().nullable(),
  recordExportedAt: z.number().nullable(),
});
export type StaffMeeting = z.infer<typeof meetingSchema>;

/** Why a meeting may not be deleted yet (the server's conflict reasons). */
export const DELETION_BLOCKERS = ['meeting_not_closed', 'minutes_not_exported', 'record_not_exported'] as const;
export type DeletionBlocker = (typeof DELETION_BLOCKERS)[number];

const countsSchema = z.object({
  commands: z.number(),
  files: z.number(),
  links: z.number(),
  participants: z.number(),
  managers: z.number(),
  docUpdates: z.number(),
  attendance: z.number(),
});
export type DeletionCounts = z.infer<typeof countsSchema>;

const deletionSchema = z.object({
  allowed: z.boolean(),
  blockers: z.array(z.enum(DELETION_BLOCKERS)),
  counts: countsSchema,
  archivedAt: z.number().nullable(),
  minutesExportedAt: z.number().nullable(),
  recordExportedAt: z.number().nullable(),
});
export type DeletionInfo = z.infer<typeof deletionSchema>;

const managerSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'secretariat']),
});
const managersSchema = z.object({
  managers: z.array(managerSchema.extend({ addedAt: z.number() })),
  candidates: z.array(managerSchema),
});
export type MeetingManagers = z.infer<typeof managersSchema>;

const linkInfoSchema = z.object({ kind: z.enum(['setup', 'set_password']), email: z.string().nullable() });
export type LinkInfo = z.infer<typeof linkInfoSchema>;

/** What a failed call says: the server's stable code, or `network` when it could not be asked. */
export type Failure = {
  ok: false;
  code: string;
  retryAfterSeconds: number | null;
  /** A conflict's reason (errors.reasons.* in the locales), when the server gave one. */
  reason?: string;
};
export type Result<T> = { ok: true; data: T } | Failure;

const errorSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), reason: z.string().optional() }),
});

async function call<T>(
  schema: z.ZodType<T>,
  path: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; csrf?: string } = {},
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
        ...(parsed.success && parsed.data.error.reason ? { reason: parsed.data.error.reason } : {}),
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
  /** A new one-time set-password link for an account (a forgotten password). */
  passwordLink: (csrf: string, id: string) =>
    call(z.object({ setPasswordUrl: z.string() }), `/api/staff/accounts/${encodeURIComponent(id)}/password-link`, {
      method: 'POST',
      csrf,
    }),
  /** The meetings of the home page; `archived`: only the archived ones. */
  meetings: (archived = false) =>
    call(z.array(meetingSchema), archived ? '/api/staff/meetings?archived=1' : '/api/staff/meetings'),
  enter: (csrf: string, meetingId: string, role: 'secretariat' | 'chair') =>
    call(z.object({ token: z.string() }), `/api/staff/meetings/${encodeURIComponent(meetingId)}/enter`, {
      body: { role },
      csrf,
    }),
  close: (csrf: string, meetingId: string) =>
    call(z.object({ status: z.string() }), `${meetingPath(meetingId)}/close`, { method: 'POST', csrf }),
  setArchived: (csrf: string, meetingId: string, archived: boolean) =>
    call(
      z.object({ archivedAt: z.number().nullable() }),
      `${meetingPath(meetingId)}/${archived ? 'archive' : 'unarchive'}`,
      {
        method: 'POST',
        csrf,
      },
    ),
  deletion: (meetingId: string) => call(deletionSchema, `${meetingPath(meetingId)}/deletion`),
  deleteMeeting: (csrf: string, meetingId: string) =>
    call(z.object({ deleted: countsSchema }), meetingPath(meetingId), { method: 'DELETE', csrf }),
  managers: (meetingId: string) => call(managersSchema, `${meetingPath(meetingId)}/managers`),
  addManager: (csrf: string, meetingId: string, accountId: string) =>
    call(empty, `${meetingPath(meetingId)}/managers`, { body: { accountId }, csrf }),
  removeManager: (csrf: string, meetingId: string, accountId: string) =>
    call(empty, `${meetingPath(meetingId)}/managers/${encodeURIComponent(accountId)}`, { method: 'DELETE', csrf }),
};

function meetingPath(meetingId: string): string {
  return `/api/staff/meetings/${encodeURIComponent(meetingId)}`;
}

/** Where a staff member downloads a meeting's minutes and its record (the results export) with the session. */
export function exportHref(meetingId: string, what: 'minutes' | 'record'): string {
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;
  return what === 'minutes' ? `${base}/minutes?format=pdf` : `${base}/results.csv`;
}

/** The server's minimum password length (staff/passwords.ts). */
export const PASSWORD_MIN = 10;
