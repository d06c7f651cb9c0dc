import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN, staffApi, type LinkInfo } from './api.js';
import { failureText } from './StaffApp.js';

/** A one-time link: the first administrator's account, or an account's own password. */
export function SetupPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<LinkInfo | null | 'loading'>('loading');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void staffApi.linkInfo(token).then((res) => setInfo(res.ok ? res.data : null));
  }, [token]);

  if (info === 'loading') return <p className="centered">{t('app.loading')}</p>;
  if (info === null)
    return (
      <section className="staff-card" data-testid="setup-used">
        <p>{t('staff.errors.linkUsed')}</p>
        <a className="button" href="/signin">
          {t('staff.signIn.title')}
        </a>
      </section>
    );
  const first = info.kind === 'setup';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await staffApi.useLink(token, first ? { email, name, password } : { password });
    if (res.ok) return window.location.assign('/');
    setBusy(false);
    setError(failureText(t, res.code, res.retryAfterSeconds));
  };

  return (
    <form className="staff-card staff-form" onSubmit={(e) => void submit(e)} data-testid="setup-form">
      <h2>{first ? t('staff.setup.firstTitle') : t('staff.setup.passwordTitle')}</h2>
      <p className="muted">
        {first ? t('staff.setup.firstIntro') : t('staff.setup.passwordIntro', { email: info.email })}
      </p>
      {first ? (
        <>
          <label>
            {t('staff.fields.email')}
            <input
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="setup-email"
            />
          </label>
          <label>
            {t('staff.fields.name')}
            <input
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="setup-name"
            />
          </label>
        </>
      ) : null}
      <label>
        {t('staff.fields.newPassword')}
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby="password-hint"
          data-testid="setup-password"
        />
      </label>
      <p id="password-hint" className="small muted">
        {t('staff.fields.passwordHint', { count: PASSWORD_MIN })}
      </p>
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy} data-testid="setup-submit">
        {first ? t('staff.setup.create') : t('staff.setup.save')}
      </button>
    </form>
  );
}
