import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { MeetingState, MeetingText } from '@rostrum/core';
import { takeToken } from '../../session.js';
import { useConfirm } from '../Dialog.js';
import { useTextOf } from '../MeetingText.js';
import { saveBlob } from '../minutes/download.js';
import { formatDateTime } from '../../format.js';
import { LinkLifetime } from './LinkLifetime.js';
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
      /** The observer's link, opening the room's projector screen. */
      projectorUrl: z.string().optional(),
      /** When it stops working; null (or absent, from an older server) while the meeting is not closed. */
      validUntil: z.number().nullable().optional(),
    }),
  ),
});
type Link = z.infer<typeof linksSchema>['data'][number];

/**
 * A line of the list: a link as the server gives it, or the projector's view of the observer's
 * link (one invite: the same token, another page), listed as a link of its own.
 */
type Row = { key: string; link: Link; role: string; url: string };

function rowsOf(links: readonly Link[]): Row[] {
  return links.flatMap((l) => {
    const own: Row = { key: l.inviteId, link: l, role: l.role, url: l.url };
    if (l.role !== 'observer' || l.projectorUrl === undefined) return [own];
    return [own, { key: `${l.inviteId}-projector`, link: l, role: 'projector', url: l.projectorUrl }];
  });
}

/** Who may get a new link from here: not the chair's or the secretariat's, who would cut themselves off mid-meeting. */
const REISSUED_HERE = new Set(['delegate', 'presenter', 'observer', 'projector']);

/**
 * The meeting's invitation links for the secretariat to send: one per role, presenter and
 * delegation seat. Each can be copied; all of them download as a CSV for a mail merge.
 * `version` changes when links may have changed (after an import): the list is fetched again.
 */
export function InviteLinks({ meeting, version }: { meeting: MeetingState; version: number }) {
  const { t, i18n } = useTranslation();
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
  const who = (r: Row) => {
    const l = r.link;
    if (r.role === 'projector') return t('links.projector');
    const known = names(l);
    const name = known ? textOf(known) : undefined;
    const role = t(`roles.${l.role}`, { defaultValue: l.role });
    if (l.role === 'delegate')
      return `${name ?? l.label} — ${t(`roster.seat.${l.seat === 'deputy' ? 'deputy' : 'head'}`)}`;
    return name ? `${role}: ${name}` : role;
  };
  /**
   * The mail merge: the delegations', presenters', observer's and projector's links, with their
   * role. The chair's and the secretariat's stay out of a file that gets passed around.
   */
  const mailMerge = (): LinkRow[] =>
    rowsOf(links === null || links === 'failed' ? [] : links)
      .filter((r) => r.role !== 'chair' && r.role !== 'secretariat')
      .map((r) => ({
        name: names(r.link) ?? { [meeting.meta.languages[0] ?? 'en']: who(r) },
        role: r.role,
        seat: r.link.seat,
        delegationId: r.link.delegationId,
        url: r.url,
      }));
  const copy = async (r: Row) => {
    try {
      await navigator.clipboard.writeText(r.url);
      setSaid(t('links.copied', { who: who(r) }));
    } catch {
      setSaid(null);
    }
  };
  /**
   * A forwarded or lost link is replaced: the old one stops working at once, on every connection
   * it holds, and the new one is listed (`REISSUED_HERE`). The observer's and the projector's
   * links are one invite: replacing either replaces both, as the dialog says.
   */
  const reissue = async (r: Row) => {
    const l = r.link;
    const shared = l.role === 'observer' ? ` ${t('links.sharedWithProjector')}` : '';
    const ok = await confirm({
      title: t('links.reissueTitle'),
      message: `${t('links.reissueMessage', { who: who(r) })}${shared}`,
      confirmLabel: t('links.reissue'),
    });
    if (!ok || !token) return;
    try {
      const res = await fetch(
        `/api/meetings/${encodeURIComponent(meetingId)}/invites/${encodeURIComponent(l.inviteId)}/reissue`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      setSaid(res.ok ? t('links.reissued', { who: who(r) }) : t('links.reissueFailed'));
    } catch {
      setSaid(t('links.reissueFailed'));
    }
    await load();
  };
  const list = rowsOf(links === null || links === 'failed' ? [] : links);
  const needle = filter.trim().toLowerCase();
  const shown =
    needle === ''
      ? list
      : list.filter((r) => who(r).toLowerCase().includes(needle) || r.link.label.toLowerCase().includes(needle));

  return (
    <details className="invite-links" data-testid="invite-links">
      <summary>{t('links.title', { count: list.length })}</summary>
      {links === 'failed' ? <p role="alert">{t('links.failed')}</p> : null}
      <LinkLifetime meetingId={meetingId} token={token} onChanged={() => void load()} />
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
        {shown.map((r) => (
          <li key={r.key} data-testid={`link-${r.link.delegationId ?? r.role}-${r.link.seat ?? 'none'}`}>
            <span>{who(r)}</span>
            {typeof r.link.validUntil === 'number' ? (
              <span className="link-until">
                {t('links.rowUntil', { date: formatDateTime(r.link.validUntil, i18n.language) })}
              </span>
            ) : null}
            <span className="controls">
              <button
                type="button"
                className="small"
                aria-label={`${t('links.copy')}: ${who(r)}`}
                onClick={() => void copy(r)}
                data-testid={`copy-${r.link.delegationId ?? r.role}-${r.link.seat ?? 'none'}`}
              >
                {t('links.copy')}
              </button>
              {REISSUED_HERE.has(r.role) ? (
                <button
                  type="button"
                  className="small"
                  aria-label={`${t('links.reissue')}: ${who(r)}`}
                  onClick={() => void reissue(r)}
                  data-testid={`reissue-${r.link.delegationId ?? r.role}-${r.link.seat ?? 'none'}`}
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
