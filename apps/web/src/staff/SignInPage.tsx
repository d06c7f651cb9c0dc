import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from './api.js';
import { failureText } from './StaffApp.js';

export function SignInPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
