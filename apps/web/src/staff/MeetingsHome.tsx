import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingLanguagesProvider, Txt } from '../components/MeetingText.js';
import { staffApi, type StaffMeeting, type StaffSession } from './api.js';
import { failureText } from './StaffApp.js';
import { WIZARD_HREF } from './wizard/NewMeetingWizard.js';
import { MeetingLifecycle } from './MeetingLifecycle.js';
import { ManagersSection } from './ManagersSection.js';

const GROUPS = ['open', 'scheduled', 'closed'] as const;

/** Every language version of the title, lower-cased: the search matches any of them. */
function searchText(m: StaffMeeting): string {
  return Object.values(m.title).join(' ').toLocaleLowerCase();
}

/**
 * The meetings this staff member manages, live first, then upcoming, then closed; each opens its
 * desk, and "Manage" opens its end (close, downloads, archive, delete) and its managers. Archived
 * meetings are listed on their own.
 */
export function MeetingsHome({ session }: { session: StaffSession }) {
  const { t, i18n } = useTranslation();
  const [meetings, setMeetings] = useState<StaffMeeting[] | null>(null);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [entering, setEntering] = useState<string | null>(null);
  const [archived, setArchived] = useState(false);
  const [managing, setManaging] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // The list last asked for: an answer to an earlier request (Current, then Archived quickly)
  // arrives late and must not replace it.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const asked = ++latest.current;
    const res = await staffApi.meetings(archived);
    if (asked !== latest.current) return;
    if (res.ok) {
      setMeetings(res.data);
      setError(null);
    } else setError(failureText(t, res.code, res.retryAfterSeconds));
  }, [t, archived]);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    const list = (meetings ?? []).filter((m) => q === '' || searchText(m).includes(q) || m.id.toLowerCase() === q);
    return list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }, [meetings, query]);

  const enter = async (id: string, role: 'secretariat' | 'chair') => {
    setEntering(id);
    const res = await staffApi.enter(session.csrfToken, id, role);
    if (res.ok) return window.location.assign(`/m/${encodeURIComponent(id)}#t=${encodeURIComponent(res.data.token)}`);
    setEntering(null);
    setError(failureText(t, res.code, res.retryAfterSeconds));
  };

  const when = (m: StaffMeeting) => {
    const at = Date.parse(m.startsAt);
    if (Number.isNaN(at)) return m.startsAt;
    return new Intl.DateTimeFormat(i18n.language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: m.timeZone,
    }).format(at);
  };

  return (
    <section className="staff-home" aria-labelledby="meetings-heading">
      <div className="staff-home-top">
        <h2 id="meetings-heading">{t('staff.home.title')}</h2>
        <a className="button primary" href={WIZARD_HREF} data-testid="new-meeting">
          {t('wizard.open')}
        </a>
        <div className="staff-filter" role="group" aria-label={t('staff.home.filter')}>
          {[false, true].map((value) => (
            <button
              key={String(value)}
              type="button"
              aria-pressed={archived === value}
              onClick={() => {
                setArchived(value);
                setManaging(null);
                setMeetings(null);
              }}
              data-testid={value ? 'show-archived' : 'show-current'}
            >
              {value ? t('staff.home.archived') : t('staff.home.current')}
            </button>
          ))}
        </div>
        <label className="staff-search">
          <span className="visually-hidden">{t('staff.home.search')}</span>
          <input
            type="search"
            placeholder={t('staff.home.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="meeting-search"
          />
        </label>
      </div>
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="home-notice">
          {notice}
        </p>
      ) : null}
      {meetings === null && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {meetings !== null && shown.length === 0 ? (
        <p className="muted" data-testid="no-meetings">
          {meetings.length > 0
            ? t('staff.home.noMatch')
            : archived
              ? t('staff.home.noneArchived')
              : t('staff.home.none')}
        </p>
      ) : null}
      {GROUPS.map((status) => {
        const group = shown.filter((m) => m.status === status);
        if (group.length === 0) return null;
        return (
          <section key={status} className="staff-group" aria-labelledby={`group-${status}`}>
            <h3 id={`group-${status}`}>{t(`staff.home.group.${status}`)}</h3>
            <ul className="staff-meetings">
              {group.map((m) => (
                <li key={m.id} className="staff-meeting" data-testid="staff-meeting" data-meeting-id={m.id}>
                  <MeetingLanguagesProvider languages={m.languages}>
                    <div>
                      <Txt text={m.title} className="staff-meeting-title" />
                      <p className="small muted">{when(m)}</p>
                    </div>
                  </MeetingLanguagesProvider>
                  <div className="staff-meeting-actions">
                    <button
                      type="button"
                      className="primary"
                      disabled={entering !== null}
                      onClick={() => void enter(m.id, 'secretariat')}
                      data-testid="enter-secretariat"
                    >
                      {t('staff.home.openDesk')}
                    </button>
                    <button
                      type="button"
                      disabled={entering !== null}
                      onClick={() => void enter(m.id, 'chair')}
                      data-testid="enter-chair"
                    >
                      {t('staff.home.openChair')}
                    </button>
                    <button
                      type="button"
                      aria-expanded={managing === m.id}
                      aria-controls={`manage-${m.id}`}
                      onClick={() => setManaging((id) => (id === m.id ? null : m.id))}
                      data-testid="manage-meeting"
                    >
                      {t('staff.home.manage')}
                    </button>
                  </div>
                  {managing === m.id ? (
                    <div className="staff-manage" id={`manage-${m.id}`} data-testid="manage-panel">
                      <MeetingLifecycle
                        session={session}
                        meeting={m}
                        onChanged={() => void load()}
                        onDeleted={() => {
                          setManaging(null);
                          setNotice(t('staff.lifecycle.deleted', { title: m.title[m.languages[0] ?? 'en'] ?? m.id }));
                          void load();
                        }}
                      />
                      <ManagersSection
                        session={session}
                        meetingId={m.id}
                        onLeft={() => {
                          setManaging(null);
                          void load();
                        }}
                      />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
