import type { APIRequestContext, Browser, Page } from '@playwright/test';
import type { MeetingDefinitionInput } from '@rostrum/core';
import { demoMeeting } from '@rostrum/server';

export const ADMIN_TOKEN = 'e2e-admin-token';

export type Link = { role: string; delegationId: string | null; url: string; projectorUrl?: string };
export type CreatedMeeting = { id: string; links: Link[] };

/** A fresh meeting for one test (the demo meeting unless a definition is given), created through the admin API. */
export async function createMeeting(
  request: APIRequestContext,
  definition: MeetingDefinitionInput = demoMeeting(),
): Promise<CreatedMeeting> {
  const res = await request.post('/api/meetings', {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    data: definition,
  });
  if (res.status() !== 201) throw new Error(`creating the meeting failed: ${res.status()} ${await res.text()}`);
  const body: unknown = await res.json();
  if (typeof body !== 'object' || body === null || !('data' in body)) throw new Error('unexpected response');
  return body.data as CreatedMeeting;
}

export function linkFor(meeting: CreatedMeeting, role: string, delegationId: string | null = null): Link {
  const link = meeting.links.find((l) => l.role === role && (delegationId === null || l.delegationId === delegationId));
  if (!link) throw new Error(`no ${role} link${delegationId ? ` for ${delegationId}` : ''}`);
  return link;
}

/** Opens a link in its own browser context (own storage, like a separate person's browser). */
export async function openAs(
  browser: Browser,
  url: string,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-GB',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const relative = url.replace(/^https?:\/\/[^/]+/, '');
  await page.goto(relative);
  return page;
}
