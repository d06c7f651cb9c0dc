import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OIDC_START_PATH, staffApi, type OidcInfo } from './api.js';
import { failureText } from './StaffApp.js';

/** The codes of `/signin?error=<code>` the server sends after a sign-in with the provider (staff/oidc.ts). */
const OIDC_ERRORS = ['state', 'provider', 'email_unverified', 'unknown_account', 'disabled', 'unavailable'] as const;
type OidcError = (typeof OIDC_ERRORS)[number];
const isOidcError = (code: string | null): code is OidcError => OIDC_ERRORS.some((c) => c === code);

export function SignInPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(window.location.search).get('error');
    if (code === null) return null;
    return isOidcError(code) ? t(`staff.signIn.oidcErrors.${code}`) : t('staff.signIn.oidcErrors.provider');
  });
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<OidcInfo | null>(null);

  useEffect(() => {
    let live = true;
    void staffApi.oidc().then((res) => {
      if (live && res.ok) setOidc(res.data);
    });
    return () => {
      live = false;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await staffApi.signIn(email, password);
    if (res.ok) return window.location.assign('/');
    setBusy(false);
    setError(failureText(t, res.code, res.retryAfterSeconds));
  };

  return (
    <form className="staff-card staff-form" onSubmit={(e) => void submit(e)} data-testid="signin-form">
      <h2>{t('staff.signIn.title')}</h2>
      {oidc?.enabled ? (
        <>
          <a className="button primary" href={OIDC_START_PATH} data-testid="signin-oidc">
            {t('staff.signIn.withProvider', { name: oidc.providerName ?? '' })}
          </a>
          <p className="muted">{t('staff.signIn.orPassword')}</p>
        </>
      ) : null}
      <label>
        {t('staff.fields.email')}
        <input
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          data-testid="signin-email"
        />
      </label>
      <label>
        {t('staff.fields.password')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="signin-password"
        />
      </label>
      {error ? (
        <p className="error-banner" role="alert" data-testid="signin-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
        {t('staff.signIn.submit')}
      </button>
    </form>
  );
}
