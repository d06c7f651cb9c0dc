import { expect } from 'vitest';
import type { TestServer } from './harness.js';

/** A browser of one staff member: its session cookie and CSRF token, sent back as a browser page would. */
export class StaffClient {
  cookie: string | null = null;
  csrf: string | null = null;
  /** The last Set-Cookie header (tests read its attributes). */
  setCookie: string | null = null;

  constructor(
    private readonly ts: TestServer,
    /** The Origin a page of this server sends. */
    readonly origin = ts.url,
  ) {}

  async request(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      csrf?: string | null;
      origin?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const origin = init.origin === undefined ? this.origin : init.origin;
    if (method !== 'GET' && origin !== null) headers.origin = origin;
    const csrf = init.csrf === undefined ? this.csrf : init.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.ts.url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      this.setCookie = set;
      const value = /^rostrum_staff=([^;]*)/.exec(set)?.[1] ?? '';
      this.cookie = value ? `rostrum_staff=${value}` : null;
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // not JSON
    }
    const data = dataOf(body);
    if (data && typeof data.csrfToken === 'string') this.csrf = data.csrfToken;
    return { status: res.status, body, headers: res.headers };
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.request('/api/staff/signin', { body: { email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

export function dataOf(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null || !('data' in body)) return null;
  const data = body.data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
}

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'correct horse battery';

/** Opens the server's setup link and creates the first administrator; the client is then signed in. */
export async function setUpAdmin(ts: TestServer): Promise<StaffClient> {
  const path = ts.server.setupPath;
  if (!path) throw new Error('no setup link');
  const token = path.split('/').pop() ?? '';
  const admin = new StaffClient(ts);
  const res = await admin.request(`/api/staff/links/${token}`, {
    body: { email: ADMIN_EMAIL, name: 'Ada Admin', password: ADMIN_PASSWORD },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return admin;
}

/** An administrator makes a secretariat account with a password; returns a client signed in to it. */
export async function secretariatAccount(ts: TestServer, admin: StaffClient, email: string): Promise<StaffClient> {
  const res = await admin.request('/api/staff/accounts', {
    body: { email, name: `Secretariat ${email}`, role: 'secretariat', password: 'a long enough password' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const client = new StaffClient(ts);
  await client.signIn(email, 'a long enough password');
  return client;
}
