import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import { takeToken } from '../../session.js';
import { useConfirm } from '../Dialog.js';
import { useTextOf } from '../MeetingText.js';
import {
  loadInvitations,
  resendOne,
  sendAll,
  MAIL_STATUSES,
  type InvitationList,
  type InvitationRow,
} from './invitations-api.js';
import './invitations.css';

/** While anything is being sent, the list is read again this often. */
const POLL_MS = 1500;

/** A row that "send invitations" would send now: a person with an address and a link, not sent yet. */
const sendable = (r: InvitationRow) =>
  r.skip === null &&
  r.participant !== null &&
  (r.participant.mailStatus === 'none' || r.participant.mailStatus === 'failed');

/**
 * Invitations by email: each person gets their own link in their language. Counts by status, one
 * button for everyone not sent yet, each person's status with the server's reply when it bounced
 * or failed, and a resend. Without email on the server, says so and points to the mail-merge CSV.
 */
export function InvitationsPanel({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const [list, setList] = useState<InvitationList | 'failed' | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async () => {
    if (!token) return setList('failed');
    setList((await loadInvitations(meetingId, token)) ?? 'failed');
  }, [meetingId, token]);
  useEffect(() => void load(), [load]);

  const rows = list === null || list === 'failed' ? [] : list.rows;
  const sending = rows.some((r) => r.participant?.mailStatus === 'sending');
  // Live while messages leave: read again until none is 'sending'.
  useEffect(() => {
    if (!sending) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [sending, load]);

  const who = (r: InvitationRow): string => {
    const delegation = r.delegationId ? meeting.roster.delegations[r.delegationId] : undefined;
    const delegationName = delegation ? textOf(delegation.name) : (r.delegationId ?? '');
    switch (r.role) {
      case 'delegate':
        return `${delegationName} — ${t(`roster.seat.${r.seat === 'deputy' ? 'deputy' : 'head'}`)}`;
      case 'presenter': {
        const presenter = r.presenterId ? meeting.roster.presenters[r.presenterId] : undefined;
        return presenter ? `${t('roles.presenter')}: ${textOf(presenter.name)}` : t('roles.presenter');
      }
      case 'projector':
        return t('links.projector');
      case 'chair':
      case 'secretariat':
      case 'observer':
        return t(`roles.${r.role}`);
      default:
        return `${delegationName} — ${t('invitations.extraPerson')}`;
    }
  };
  const statusOf = (r: InvitationRow): { key: string; text: string; error: string | null } => {
    if (r.participant === null || r.skip === 'no_participant')
      return { key: 'no_participant', text: t('invitations.skip.no_participant'), error: null };
    if (r.skip !== null) return { key: r.skip, text: t(`invitations.skip.${r.skip}`), error: null };
    const { mailStatus, mailError } = r.participant;
    const error = mailError === 'interrupted' ? t('invitations.interrupted') : mailError;
    return {
      key: mailStatus,
      text: t(`invitations.status.${mailStatus}`),
      error: mailStatus === 'failed' || mailStatus === 'bounced' ? error : null,
    };
  };

  const counts = MAIL_STATUSES.map((s) => ({
    status: s,
    count: rows.filter((r) => r.skip === null && r.participant?.mailStatus === s).length,
  }));
  const withoutAddress = rows.filter((r) => r.skip === 'no_email').length;
  const toSend = rows.filter(sendable).length;
  const configured = list !== null && list !== 'failed' && list.configured;

  const sayRefusal = (reason: string) =>
    setSaid(
      reason === 'mail_not_configured'
        ? t('invitations.notConfiguredShort')
        : t(`invitations.refused.${reason}`, { defaultValue: t('invitations.sendFailed') }),
    );
  const send = async () => {
    if (!token) return;
    const ok = await confirm({
      title: t('invitations.confirmTitle'),
      message: t('invitations.confirmMessage', { count: toSend }),
      confirmLabel: t('invitations.send'),
    });
    if (!ok) return;
    setBusy(true);
    const result = await sendAll(meetingId, token);
    setBusy(false);
    if (result.ok) setSaid(t('invitations.queued', { count: result.queued }));
    else sayRefusal(result.reason);
    await load();
  };
  const resend = async (r: InvitationRow) => {
    if (!token || !r.participant) return;
    const result = await resendOne(meetingId, r.participant.id, token);
    if (result.ok) setSaid(t('invitations.resent', { name: r.participant.name }));
    else sayRefusal(result.reason);
    await load();
  };

  return (
    <section className="invitations" aria-labelledby="invitations-heading" data-testid="invitations-panel">
      <h2 id="invitations-heading">{t('invitations.title')}</h2>
      {list === 'failed' ? <p role="alert">{t('invitations.failed')}</p> : null}
      {list !== null && list !== 'failed' && !list.configured ? (
        <p className="invitations-note" data-testid="invitations-not-configured">
          {t('invitations.notConfigured', { csv: t('links.downloadCsv') })}
        </p>
      ) : null}
      {list !== null && list !== 'failed' ? (
        <>
          <ul className="invitation-counts" data-testid="invitation-counts">
            {counts.map(({ status, count }) => (
              <li key={status} data-testid={`invitation-count-${status}`} data-count={count}>
                {t('invitations.countLabel', { status: t(`invitations.status.${status}`), count })}
              </li>
            ))}
            <li data-testid="invitation-count-no_email" data-count={withoutAddress}>
              {t('invitations.countLabel', { status: t('invitations.skip.no_email'), count: withoutAddress })}
            </li>
          </ul>
          <div className="controls">
            <button
              type="button"
              className="primary"
              disabled={!configured || busy || toSend === 0}
              onClick={() => void send()}
              data-testid="invitations-send"
            >
              {t('invitations.send')}
            </button>
            <button type="button" className="small" onClick={() => void load()} data-testid="invitations-refresh">
              {t('invitations.refresh')}
            </button>
            <span className="small muted">{t('invitations.sendHint', { count: toSend })}</span>
          </div>
          <table className="invitation-table">
            <thead>
              <tr>
                <th scope="col">{t('invitations.columns.link')}</th>
                <th scope="col">{t('invitations.columns.person')}</th>
                <th scope="col">{t('invitations.columns.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('invitations.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const status = statusOf(r);
                const person = r.participant;
                return (
                  <tr
                    key={`${r.seatKey ?? 'extra'}-${r.role ?? ''}-${person?.id ?? i}`}
                    data-testid="invitation-row"
                    data-seat={r.seatKey ?? ''}
                    data-role={r.role ?? ''}
                    data-status={status.key}
                  >
                    <td>{who(r)}</td>
                    <td>
                      {person ? (
                        <>
                          <span>{person.title ? `${person.title} ${person.name}` : person.name}</span>
                          {person.email ? <span className="invitation-email">{person.email}</span> : null}
                        </>
                      ) : null}
                    </td>
                    <td>
                      <span className={`invitation-status invitation-status-${status.key}`}>{status.text}</span>
                      {status.error ? (
                        <span className="invitation-error" data-testid="invitation-error">
                          {status.error}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {configured && person && r.skip === null && person.mailStatus !== 'sending' ? (
                        <button
                          type="button"
                          className="small"
                          aria-label={`${t('invitations.resend')}: ${person.name}`}
                          onClick={() => void resend(r)}
                          data-testid="invitation-resend"
                        >
                          {t('invitations.resend')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      <p role="status" aria-live="polite" data-testid="invitations-status">
        {said ?? ''}
      </p>
      {dialog}
    </section>
  );
}
