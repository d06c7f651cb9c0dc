import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../components/Dialog.js';
import {
  DELETION_BLOCKERS,
  exportHref,
  staffApi,
  type DeletionInfo,
  type Failure,
  type StaffMeeting,
  type StaffSession,
} from './api.js';
import { failureText } from './StaffApp.js';

/** The counts said before a deletion, in this order (the rows the secretariat thinks in). */
const COUNTED = ['commands', 'files', 'links', 'participants'] as const;

type Props = {
  session: StaffSession;
  meeting: StaffMeeting;
  /** The meeting changed (closed, archived): the home page reloads its lists. */
  onChanged: () => void;
  /** The meeting is gone. */
  onDeleted: () => void;
};

/**
 * The end of a meeting: close it (as its chair would), download its minutes and its record,
 * archive it off the home page, and delete it — once closed and both were downloaded, after
 * saying exactly what goes and having its title typed.
 */
export function MeetingLifecycle({ session, meeting, onChanged, onDeleted }: Props) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const confirmId = useId();
  const { confirm, dialog } = useConfirm();
  const [info, setInfo] = useState<DeletionInfo | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = meeting.title[meeting.languages[0] ?? 'en'] ?? '';
  const closed = meeting.status === 'closed';

  const problem = useCallback(
    (res: Failure) =>
      res.reason && (DELETION_BLOCKERS as readonly string[]).concat(['meeting_not_open']).includes(res.reason)
        ? t(`errors.reasons.${res.reason}`)
        : failureText(t, res.code, res.retryAfterSeconds),
    [t],
  );

  const load = useCallback(async () => {
    const res = await staffApi.deletion(meeting.id);
    if (res.ok) setInfo(res.data);
    else setError(problem(res));
  }, [meeting.id, problem]);

  useEffect(() => {
    void load();
  }, [load, meeting.status]);

  // A download is a navigation the page does not see finish (a PDF takes seconds to build): after
  // the click the stamp is read again every second until it changes, for half a minute at most.
  const watching = useRef(0);
  useEffect(
    () => () => {
      watching.current += 1;
    },
    [],
  );
  const watchStamp = (what: 'minutesExportedAt' | 'recordExportedAt') => {
    const before = info?.[what] ?? null;
    const run = ++watching.current;
    void (async () => {
      for (let i = 0; i < 30 && watching.current === run; i += 1) {
        await new Promise((r) => window.setTimeout(r, 1000));
        const res = await staffApi.deletion(meeting.id);
        if (watching.current !== run) return;
        if (res.ok) setInfo(res.data);
        if (res.ok && res.data[what] !== before) return;
      }
    })();
  };

  const act = async (run: () => Promise<{ ok: true } | Failure>, then: () => void) => {
    setBusy(true);
    setError(null);
    const res = await run();
    setBusy(false);
    if (!res.ok) return setError(problem(res));
    then();
  };

  const close = async () => {
    const ok = await confirm({
      title: t('staff.lifecycle.close'),
      message: t('staff.lifecycle.confirmClose'),
      confirmLabel: t('staff.lifecycle.close'),
    });
    if (ok) await act(() => staffApi.close(session.csrfToken, meeting.id), onChanged);
  };

  const stamp = (at: number | null) =>
    at === null
      ? t('staff.lifecycle.notDownloaded')
      : t('staff.lifecycle.downloadedAt', {
          when: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(at),
        });

  const typedMatches = typed.trim() !== '' && typed.trim() === title.trim();

  return (
    <section className="staff-manage-part" aria-labelledby={headingId} data-testid="lifecycle">
      <h4 id={headingId}>{t('staff.lifecycle.title')}</h4>
      {error ? (
        <p className="error-banner" role="alert" data-testid="lifecycle-error">
          {error}
        </p>
      ) : null}
      <div className="staff-manage-actions">
        {meeting.status === 'open' ? (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void close()}
            data-testid="meeting-close"
          >
            {t('staff.lifecycle.close')}
          </button>
        ) : null}
        {meeting.status === 'scheduled' ? <p className="muted small">{t('staff.lifecycle.notHeld')}</p> : null}
        {closed ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                () => staffApi.setArchived(session.csrfToken, meeting.id, meeting.archivedAt === null),
                onChanged,
              )
            }
            data-testid={meeting.archivedAt === null ? 'meeting-archive' : 'meeting-unarchive'}
          >
            {meeting.archivedAt === null ? t('staff.lifecycle.archive') : t('staff.lifecycle.unarchive')}
          </button>
        ) : null}
      </div>
      {closed ? (
        <ul className="staff-exports">
          <li>
            <a
              href={exportHref(meeting.id, 'minutes')}
              download
              onClick={() => watchStamp('minutesExportedAt')}
              data-testid="download-minutes"
            >
              {t('staff.lifecycle.downloadMinutes')}
            </a>{' '}
            <span className="muted small" data-testid="minutes-stamp">
              {stamp(info?.minutesExportedAt ?? null)}
            </span>
          </li>
          <li>
            <a
              href={exportHref(meeting.id, 'record')}
              download
              onClick={() => watchStamp('recordExportedAt')}
              data-testid="download-record"
            >
              {t('staff.lifecycle.downloadRecord')}
            </a>{' '}
            <span className="muted small" data-testid="record-stamp">
              {stamp(info?.recordExportedAt ?? null)}
            </span>
          </li>
        </ul>
      ) : null}

      <h5>{t('staff.lifecycle.deleteTitle')}</h5>
      {info ? (
        <>
          <p className="small" data-testid="deletion-counts">
            {t('staff.lifecycle.willDelete', {
              what: COUNTED.map((k) => t(`staff.lifecycle.counts.${k}`, { count: info.counts[k] })).join(', '),
            })}
          </p>
          {info.blockers.length > 0 ? (
            <ul className="small" data-testid="deletion-blockers">
              {info.blockers.map((b) => (
                <li key={b}>{t(`errors.reasons.${b}`)}</li>
              ))}
            </ul>
          ) : (
            <form
              className="staff-inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (typedMatches) void act(() => staffApi.deleteMeeting(session.csrfToken, meeting.id), onDeleted);
              }}
            >
              <label htmlFor={confirmId}>{t('staff.lifecycle.typeTitle', { title })}</label>
              <input
                id={confirmId}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                data-testid="delete-confirm"
              />
              <button type="submit" className="danger" disabled={busy || !typedMatches} data-testid="meeting-delete">
                {t('staff.lifecycle.delete')}
              </button>
            </form>
          )}
        </>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
      {dialog}
    </section>
  );
}
