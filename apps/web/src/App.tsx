import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header.js';
import { LEGACY_LANGUAGES } from '@rostrum/core';
import { MeetingLanguagesProvider, Txt } from './components/MeetingText.js';
import { loadMeetingLocales } from './i18n.js';
import { useLive } from './live/hooks.js';
import { LiveMeeting } from './live/live-meeting.js';
import { fetchSession, parseRoute, takeToken, type Route, type Session } from './session.js';
import { useYourDetails } from './components/participants/YourDetails.js';

// Each role loads only its own view.
const ChairConsole = lazy(() => import('./views/ChairConsole.js').then((m) => ({ default: m.ChairConsole })));
const SecretariatView = lazy(() => import('./views/SecretariatView.js').then((m) => ({ default: m.SecretariatView })));
const DelegateView = lazy(() => import('./views/DelegateView.js').then((m) => ({ default: m.DelegateView })));
const ObserverView = lazy(() => import('./views/ObserverView.js').then((m) => ({ default: m.ObserverView })));
// Sign-in, the staff's home page and accounts: not loaded by people who come with an invite link.
const StaffApp = lazy(() => import('./staff/StaffApp.js').then((m) => ({ default: m.StaffApp })));

type Gate =
  | { kind: 'loading' }
  | { kind: 'ready'; session: Session; token: string }
  | { kind: 'error'; message: 'noLink' | 'linkInvalid' | 'meetingNotFound' };

export function App() {
  const { t } = useTranslation();
  const route = useMemo(() => parseRoute(window.location.pathname), []);
  if (route.kind !== 'meeting')
    return (
      <Suspense fallback={<p className="centered">{t('app.loading')}</p>}>
        <StaffApp route={route} />
      </Suspense>
    );
  return <MeetingGate route={route} />;
}

/** A meeting opened by its link: the token is checked before anything connects. */
function MeetingGate({ route }: { route: Extract<Route, { kind: 'meeting' }> }) {
  const { t } = useTranslation();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });

  useEffect(() => {
    const token = takeToken(route.meetingId);
    if (!token) return setGate({ kind: 'error', message: 'noLink' });
    let cancelled = false;
    const attempt = async () => {
      const res = await fetchSession(token);
      if (cancelled) return;
      if (res.ok && res.session.meetingId === route.meetingId) setGate({ kind: 'ready', session: res.session, token });
      else if (res.ok || res.reason === 'unauthorized') setGate({ kind: 'error', message: 'linkInvalid' });
      else if (res.reason === 'not_found') setGate({ kind: 'error', message: 'meetingNotFound' });
      else setTimeout(() => void attempt(), 2000); // server not reachable yet: keep trying
    };
    void attempt();
    return () => {
      cancelled = true;
    };
  }, [route]);

  if (gate.kind === 'loading') return <p className="centered">{t('app.loading')}</p>;
  if (gate.kind === 'error')
    return (
      <p className="centered" data-testid="gate-error">
        {t(`app.${gate.message}`)}
      </p>
    );
  return <MeetingApp session={gate.session} token={gate.token} projector={route.projector} />;
}

function MeetingApp({ session, token, projector }: { session: Session; token: string; projector: boolean }) {
  const { t } = useTranslation();
  const [live, setLive] = useState<LiveMeeting | null>(null);
  useEffect(() => {
    const connection = new LiveMeeting(session.meetingId, token);
    setLive(connection);
    return () => connection.destroy();
  }, [session.meetingId, token]);
  if (!live) return <p className="centered">{t('app.loading')}</p>;
  return <MeetingScreen live={live} session={session} projector={projector} token={token} />;
}

function MeetingScreen({
  live,
  session,
  projector,
  token,
}: {
  live: LiveMeeting;
  session: Session;
  projector: boolean;
  token: string;
}) {
  const { t } = useTranslation();
  const snapshot = useLive(live);
  // Who is attending on this link (a delegate's, the chair's, a presenter's): asked once, editable.
  const details = useYourDetails(session.meetingId, session.role, projector ? null : token);
  const props = { live, snapshot, session };
  const languagesKey = snapshot.meeting?.meta.languages.join(' ');
  useEffect(() => {
    // Those who write or project in every language of the meeting need its wording in each;
    // a delegate reads in their own, already loaded.
    if (languagesKey !== undefined && session.role !== 'delegate' && session.role !== 'presenter')
      loadMeetingLocales(languagesKey.split(' '));
  }, [languagesKey, session.role]);
  const delegation =
    session.delegationId && snapshot.meeting ? snapshot.meeting.roster.delegations[session.delegationId] : undefined;

  let view;
  switch (session.role) {
    case 'chair':
      view = <ChairConsole {...props} />;
      break;
    case 'secretariat':
      view = <SecretariatView {...props} />;
      break;
    case 'delegate':
    case 'presenter':
      view = <DelegateView {...props} />;
      break;
    case 'observer':
      view = <ObserverView {...props} projector={projector} />;
      break;
  }
  return (
    <MeetingLanguagesProvider languages={snapshot.meeting?.meta.languages ?? LEGACY_LANGUAGES}>
      <div className={`app role-${session.role} ${projector ? 'is-projector' : ''}`} data-role={session.role}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        {projector ? null : (
          <Header
            meeting={snapshot.meeting}
            role={session.role}
            connection={snapshot.connection}
            pending={snapshot.pending.filter((p) => !p.acked).length}
            degraded={snapshot.degraded}
            subtitle={delegation ? <Txt text={delegation.name} /> : undefined}
            tools={details.button}
          />
        )}
        {details.card}
        {snapshot.connection === 'refused' ? (
          <p className="error-banner" role="alert" data-testid="link-refused">
            {t('app.linkInvalid')}
          </p>
        ) : null}
        {snapshot.meeting ? (
          <Suspense fallback={<p className="centered">{t('app.loading')}</p>}>{view}</Suspense>
        ) : (
          <p className="centered">{t('app.loading')}</p>
        )}
        {projector ? (
          <span className="projector-connection" data-testid="connection" data-status={snapshot.connection} />
        ) : null}
      </div>
    </MeetingLanguagesProvider>
  );
}
