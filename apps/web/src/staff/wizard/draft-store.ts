import { z } from 'zod';
import { langSchema } from '@rostrum/core';
import type { WizardDraft } from './draft.js';

/**
 * A wizard left halfway is kept in this browser, per staff account (two people sharing a
 * computer do not see each other's drafts), and offered again on return. What is read back is
 * checked: localStorage may hold a draft of an older version, or anything.
 */
const key = (accountId: string) => `rostrum.wizard.${accountId}`;

const text = z.partialRecord(langSchema, z.string());
const draftSchema = z.object({
  version: z.literal(1),
  step: z.number().int().min(0).max(10),
  languages: z.array(langSchema).min(1).max(5),
  title: text,
  date: z.string(),
  time: z.string(),
  timeZone: z.string(),
  videoLink: z.string(),
  interpretationLinks: z.partialRecord(langSchema, z.string()),
  chair: z.object({ name: text, delegationId: z.string() }),
  presenters: z.array(z.object({ id: z.string(), name: text, title: text, delegationId: z.string() })),
  agenda: z.array(
    z.object({
      id: z.string(),
      title: text,
      minutes: z.string(),
      presenterIds: z.array(z.string()),
      documents: z.array(z.object({ title: text, url: z.string() })),
    }),
  ),
  delegations: z.array(z.object({ id: z.string(), name: text })),
  proposals: z
    .array(
      z.object({
        id: z.string(),
        agendaItemId: z.string(),
        title: text,
        text,
        sponsorDelegationId: z.string(),
      }),
    )
    .default([]),
});

export function loadDraft(accountId: string): WizardDraft | null {
  try {
    const raw = localStorage.getItem(key(accountId));
    if (raw === null) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveDraft(accountId: string, draft: WizardDraft): void {
  try {
    localStorage.setItem(key(accountId), JSON.stringify(draft));
  } catch {
    // Storage full or refused (private mode): the wizard still works, the draft is just not kept.
  }
}

export function discardDraft(accountId: string): void {
  try {
    localStorage.removeItem(key(accountId));
  } catch {
    // Nothing to remove.
  }
}
