import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { ThemeSwitch } from '../components/ThemeSwitch.js';
import type { Route } from '../session.js';
import { staffApi, type StaffSession } from './api.js';
import { AccountsPage } from './AccountsPage.js';
import { MeetingsHome } from './MeetingsHome.js';
import { SetupPage } from './SetupPage.js';
import { SignInPage } from './SignInPage.js';
import { isWizardLocation, NewMeetingWizard } from './wizard/NewMeetingWizard.js';
import './staff.css';

export type StaffRoute = Exclude<Route, { kind: 'meeting' }>;

/** Every page that is not a meeting: the welcome or the staff's home, sign-in, setup links, accounts. */
export function StaffApp({ route }: { route: StaffRoute }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<StaffSession | null | 'loading'>('loading');

  useEffect(() => {
    let cancelled = false;
    void staffApi.session().then((res) => {
      if (!cancelled) setSession(res.ok ? res.data : null);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (route.kind === 'setup') return <StaffFrame session={null}>{<SetupPage token={route.token} />}</StaffFrame>;
  if (route.kind === 'signin') return <StaffFrame session={null}>{<SignInPage />}</StaffFrame>;
  if (session === 'loading') return <p className="centered">{t('app.loading')}</p>;
  if (session === null) return <StaffFrame session={null}>{<Welcome />}</StaffFrame>;
  return (
    <StaffFrame session={session}>
      {route.kind === 'accounts' && session.account.role === 'admin' ? (
        <AccountsPage session={session} />
      ) : route.kind === 'home' && isWizardLocation(window.location.search) ? (
        <NewMeetingWizard session={session} />
      ) : (
        <MeetingsHome session={session} />
      )}
    </StaffFrame>
  );
}

/** The page for someone who is not signed in: how to join a meeting, and the staff's way in. */
function Welcome() {
  const { t } = useTranslation();
  return (
    <section className="staff-card" data-testid="welcome">
      <h2>{t('staff.welcome.title')}</h2>
      <p>{t('app.noLink')}</p>
      <p className="muted">{t('staff.welcome.staffHint')}</p>
      <a className="button" href="/signin" data-testid="go-signin">
        {t('staff.signIn.title')}
      </a>
    </section>
  );
}

function StaffFrame({ session, children }: { session: StaffSession | null; children: React.ReactNode }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const signOut = async (everywhere: boolean) => {
    if (!session) return;
    setBusy(true);
    await (everywhere ? staffApi.signOutEverywhere(session.csrfToken) : staffApi.signOut(session.csrfToken));
    window.location.assign('/');
  };
  return (
    <div className="app staff-app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <div className="header-title">
          <h1>{t('app.name')}</h1>
          {session ? (
            <p className="muted" data-testid="staff-who">
              {session.account.name} · {t(`staff.roles.${session.account.role}`)}
            </p>
          ) : null}
        </div>
        <nav className="header-tools" aria-label={t('staff.nav.label')}>
          {session ? (
            <>
              <a href="/" className="button">
                {t('staff.nav.meetings')}
              </a>
              {session.account.role === 'admin' ? (
                <a href="/accounts" className="button" data-testid="nav-accounts">
                  {t('staff.nav.accounts')}
                </a>
              ) : null}
              <button type="button" disabled={busy} onClick={() => void signOut(false)} data-testid="sign-out">
                {t('staff.nav.signOut')}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => void signOut(true)}
                data-testid="sign-out-everywhere"
              >
                {t('staff.nav.signOutEverywhere')}
              </button>
            </>
          ) : null}
          <LanguageSwitch />
          <ThemeSwitch />
        </nav>
      </header>
      <main id="main" className="staff-main">
        {children}
      </main>
    </div>
  );
}

/** The message for a failed staff call, by its stable code. */
export function failureText(
  t: (key: string, opts?: Record<string, unknown>) => string,
  code: string,
  retryAfterSeconds: number | null,
): string {
  switch (code) {
    case 'unauthorized':
      return t('staff.errors.signIn');
    case 'rate_limited':
      return t('staff.errors.rateLimited', { count: Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)) });
    case 'conflict':
      return t('staff.errors.emailTaken');
    case 'not_found':
      return t('staff.errors.linkUsed');
    case 'invalid':
      return t('staff.errors.invalid');
    case 'forbidden':
      return t('staff.errors.forbidden');
    case 'network':
      return t('staff.errors.network');
    default:
      return t('staff.errors.other');
  }
}
