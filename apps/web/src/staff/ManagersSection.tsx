import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi, type MeetingManagers, type StaffSession } from './api.js';
import { failureText } from './StaffApp.js';

/**
 * Who manages a meeting (sees it on their home page, opens its desk, closes, archives and
 * deletes it): an administrator or one of its managers adds and removes secretariat accounts.
 */
export function ManagersSection({
  session,
  meetingId,
  onLeft,
}: {
  session: StaffSession;
  meetingId: string;
  /** The signed-in person removed themselves: a secretariat no longer sees the meeting. */
  onLeft: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [data, setData] = useState<MeetingManagers | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await staffApi.managers(meetingId);
    if (res.ok) {
      setData(res.data);
      setChosen((c) => (res.data.candidates.some((a) => a.accountId === c) ? c : ''));
    } else setError(failureText(t, res.code, res.retryAfterSeconds));
  }, [meetingId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const change = async (action: () => ReturnType<typeof staffApi.addManager>) => {
    setBusy(true);
    setError(null);
    const res = await action();
    if (!res.ok) setError(failureText(t, res.code, res.retryAfterSeconds));
    await load();
    setBusy(false);
  };

  return (
    <section className="staff-manage-part" aria-labelledby={headingId} data-testid="managers">
      <h4 id={headingId}>{t('staff.managers.title')}</h4>
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      {data === null ? <p className="muted">{t('app.loading')}</p> : null}
      {data ? (
        <ul className="staff-managers">
          {data.managers.map((m) => (
            <li key={m.accountId} data-testid="manager">
              <span>
                {m.name} <span className="muted small">{m.email}</span>
              </span>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  m.accountId === session.account.id && session.account.role !== 'admin'
                    ? void staffApi.removeManager(session.csrfToken, meetingId, m.accountId).then((res) => {
                        if (res.ok) onLeft();
                        else setError(failureText(t, res.code, res.retryAfterSeconds));
                      })
                    : void change(() => staffApi.removeManager(session.csrfToken, meetingId, m.accountId))
                }
                aria-label={t('staff.managers.removeNamed', { name: m.name })}
                data-testid="manager-remove"
              >
                {t('staff.managers.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {data && data.managers.length === 0 ? <p className="muted small">{t('staff.managers.none')}</p> : null}
      {data && data.candidates.length > 0 ? (
        <form
          className="staff-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void change(() => staffApi.addManager(session.csrfToken, meetingId, chosen));
          }}
        >
          <label>
            <span>{t('staff.managers.add')}</span>
            <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="manager-candidate">
              <option value="">{t('staff.managers.choose')}</option>
              {data.candidates.map((a) => (
                <option key={a.accountId} value={a.accountId}>
                  {a.name} ({a.email})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || chosen === ''} data-testid="manager-add">
            {t('staff.managers.addButton')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
