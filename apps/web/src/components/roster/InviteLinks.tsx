import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { MeetingState, MeetingText } from '@rostrum/core';
import { takeToken } from '../../session.js';
import { useConfirm } from '../Dialog.js';
import { useTextOf } from '../MeetingText.js';
import { saveBlob } from '../minutes/download.js';
import { linksCsv, type LinkRow } from './roster-csv.js';

const linksSchema = z.object({
  ok: z.literal(true),
  data: z.array(
    z.object({
      inviteId: z.string(),
      role: z.string(),
      delegationId: z.string().nullable(),
      presenterId: z.string().nullable(),
      seat: z.string().nullable(),
      label: z.string(),
      url: z.string(),
    }),
  ),
});
type Link = z.infer<typeof linksSchema>['data'][number];

/**
 * The meeting's invitation links for the secretariat to send: one per role, presenter and
 * delegation seat. Each can be copied; all of them download as a CSV for a mail merge.
 * `version` changes when links may have changed (after an import): the list is fetched again.
 */
export function InviteLinks({ meeting, version }: { meeting: MeetingState; version: number }) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const [links, setLinks] = useState<Link[] | 'failed' | null>(null);
  const [filter, setFilter] = useState('');
  /** What the last action did, announced politely (copied; a link replaced, or not). */
  const [said, setSaid] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async () => {
    if (!token) return setLinks('failed');
    try {
      const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/links`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const parsed = linksSchema.safeParse(await res.json());
      setLinks(parsed.success ? parsed.data.data : 'failed');
    } catch {
      setLinks('failed');
    }
  }, [meetingId, token]);
  useEffect(() => void load(), [load, version]);

  // Names from the roster, not the invites' labels: those keep the name a delegation had when its
  // links were made, and are in the original only.
  const names = (l: Link): MeetingText | null => {
    if (l.role === 'delegate' && l.delegationId !== null)
      return meeting.roster.delegations[l.delegationId]?.name ?? null;
    if (l.role === 'presenter' && l.presenterId !== null) return meeting.roster.presenters[l.presenterId]?.name ?? null;
    if (l.role === 'chair') return meeting.roster.chair.name;
    return null;
  };
  const who = (l: Link) => {
    const known = names(l);
    const name = known ? textOf(known) : undefined;
    const role = t(`roles.${l.role}`, { defaultValue: l.role });
    if (l.role === 'delegate')
      return `${name ?? l.label} — ${t(`roster.seat.${l.seat === 'deputy' ? 'deputy' : 'head'}`)}`;
    return name ? `${role}: ${name}` : role;
  };
  /** The mail merge is for the delegations and presenters: the staff's own links stay out of a file that gets passed around. */
  const mailMerge = (): LinkRow[] =>
    (links === null || links === 'failed' ? [] : links)
      .filter((l) => l.role === 'delegate' || l.role === 'presenter')
      .map((l) => ({
        name: names(l) ?? { [meeting.meta.languages[0] ?? 'en']: l.label },
        role: l.role,
        seat: l.seat,
        delegationId: l.delegationId,
        url: l.url,
      }));
  const copy = async (l: Link) => {
    try {
      await navigator.clipboard.writeText(l.url);
      setSaid(t('links.copied', { who: who(l) }));
    } catch {
      setSaid(null);
    }
  };
  /**
   * A forwarded or lost link is replaced: the old one stops working at once, on every connection
   * it holds, and the new one is listed. Only for delegations and presenters: a staff member
   * replacing their own link from here would cut themselves off mid-meeting.
   */
  const reissue = async (l: Link) => {
    const ok = await confirm({
      title: t('links.reissueTitle'),
      message: t('links.reissueMessage', { who: who(l) }),
      confirmLabel: t('links.reissue'),
    });
    if (!ok || !token) return;
    try {
      const res = await fetch(
        `/api/meetings/${encodeURIComponent(meetingId)}/invites/${encodeURIComponent(l.inviteId)}/reissue`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      setSaid(res.ok ? t('links.reissued', { who: who(l) }) : t('links.reissueFailed'));
    } catch {
      setSaid(t('links.reissueFailed'));
    }
    await load();
  };
  const list = links === null || links === 'failed' ? [] : links;
  const needle = filter.trim().toLowerCase();
  const shown =
    needle === ''
      ? list
      : list.filter((l) => who(l).toLowerCase().includes(needle) || l.label.toLowerCase().includes(needle));

  return (
    <details className="invite-links" data-testid="invite-links">
      <summary>{t('links.title', { count: list.length })}</summary>
      {links === 'failed' ? <p role="alert">{t('links.failed')}</p> : null}
      <div className="controls">
        <button
          type="button"
          className="small"
          disabled={list.length === 0}
          onClick={() =>
            saveBlob(
              new Blob([linksCsv(mailMerge(), meeting.meta.languages)], { type: 'text/csv;charset=utf-8' }),
              `links-${meetingId}.csv`,
            )
          }
          data-testid="links-csv"
        >
          {t('links.downloadCsv')}
        </button>
      </div>
      <label>
        {t('links.find')}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="links-filter" />
      </label>
      <ul className="link-list">
        {shown.map((l) => (
          <li key={l.inviteId} data-testid={`link-${l.delegationId ?? l.role}-${l.seat ?? 'none'}`}>
            <span>{who(l)}</span>
            <span className="controls">
              <button
                type="button"
                className="small"
                aria-label={`${t('links.copy')}: ${who(l)}`}
                onClick={() => void copy(l)}
              >
                {t('links.copy')}
              </button>
              {l.role === 'delegate' || l.role === 'presenter' ? (
                <button
                  type="button"
                  className="small"
                  aria-label={`${t('links.reissue')}: ${who(l)}`}
                  onClick={() => void reissue(l)}
                  data-testid={`reissue-${l.delegationId ?? l.role}-${l.seat ?? 'none'}`}
                >
                  {t('links.reissue')}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" data-testid="links-status">
        {said ?? ''}
      </p>
      {dialog}
    </details>
  );
}
