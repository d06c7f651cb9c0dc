import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN, staffApi, type StaffAccount, type StaffSession } from './api.js';
import { failureText } from './StaffApp.js';

/** Administrators: the staff accounts, a form for a new one, and disabling. */
export function AccountsPage({ session }: { session: StaffSession }) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<StaffAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await staffApi.accounts();
    if (res.ok) setAccounts(res.data);
    else setError(failureText(t, res.code, res.retryAfterSeconds));
  }, [t]);
  useEffect(() => void load(), [load]);

  // The last set-password link made from this table, and whose it is (shown once, to hand over).
  const [issued, setIssued] = useState<{ name: string; url: string } | null>(null);
  const passwordLink = async (a: StaffAccount) => {
    const res = await staffApi.passwordLink(session.csrfToken, a.id);
    if (!res.ok) return setError(failureText(t, res.code, res.retryAfterSeconds));
    setIssued({ name: a.name, url: res.data.setPasswordUrl });
  };

  const toggle = async (a: StaffAccount) => {
    const res = await staffApi.setDisabled(session.csrfToken, a.id, !a.disabled);
    if (!res.ok) return setError(failureText(t, res.code, res.retryAfterSeconds));
    await load();
  };

  return (
    <section className="staff-accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('staff.accounts.title')}</h2>
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      <table className="staff-table" data-testid="accounts-table">
        <thead>
          <tr>
            <th scope="col">{t('staff.fields.name')}</th>
            <th scope="col">{t('staff.fields.email')}</th>
            <th scope="col">{t('staff.fields.role')}</th>
            <th scope="col">{t('staff.accounts.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('staff.accounts.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(accounts ?? []).map((a) => (
            <tr key={a.id} data-testid="account-row" data-email={a.email}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>{t(`staff.roles.${a.role}`)}</td>
              <td>
                {a.disabled
                  ? t('staff.accounts.disabled')
                  : a.passwordSet
                    ? t('staff.accounts.active')
                    : t('staff.accounts.awaitingPassword')}
              </td>
              <td>
                {a.disabled ? null : (
                  <button
                    type="button"
                    className="small"
                    onClick={() => void passwordLink(a)}
                    aria-label={`${t('staff.accounts.passwordLink')}: ${a.name}`}
                    data-testid="account-password-link"
                  >
                    {t('staff.accounts.passwordLink')}
                  </button>
                )}{' '}
                {a.id === session.account.id ? null : (
                  <button type="button" className="small" onClick={() => void toggle(a)}>
                    {a.disabled ? t('staff.accounts.enable') : t('staff.accounts.disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {issued ? (
        <p role="status" data-testid="password-link-made">
          {t('staff.accounts.passwordLinkMade', { name: issued.name })} <code>{issued.url}</code>
        </p>
      ) : null}
      <NewAccountForm csrf={session.csrfToken} onCreated={() => void load()} />
    </section>
  );
}

function NewAccountForm({ csrf, onCreated }: { csrf: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'secretariat'>('secretariat');
  const [withLink, setWithLink] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setLink(null);
    const res = await staffApi.createAccount(csrf, { email, name, role, password: withLink ? null : password });
    setBusy(false);
    if (!res.ok) return setError(failureText(t, res.code, res.retryAfterSeconds));
    setLink(res.data.setPasswordUrl);
    setEmail('');
    setName('');
    setPassword('');
    onCreated();
  };

  return (
    <form className="staff-card staff-form" onSubmit={(e) => void submit(e)} data-testid="new-account">
      <h3>{t('staff.accounts.new')}</h3>
      <label>
        {t('staff.fields.email')}
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="new-email" />
      </label>
      <label>
        {t('staff.fields.name')}
        <input required value={name} onChange={(e) => setName(e.target.value)} data-testid="new-name" />
      </label>
      <label>
        {t('staff.fields.role')}
        <select value={role} onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'secretariat')}>
          <option value="secretariat">{t('staff.roles.secretariat')}</option>
          <option value="admin">{t('staff.roles.admin')}</option>
        </select>
      </label>
      <label className="staff-check">
        <input type="checkbox" checked={withLink} onChange={(e) => setWithLink(e.target.checked)} />
        {t('staff.accounts.withLink')}
      </label>
      {withLink ? null : (
        <label>
          {t('staff.fields.initialPassword')}
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="new-password"
          />
          <span className="small muted">{t('staff.fields.passwordHint', { count: PASSWORD_MIN })}</span>
        </label>
      )}
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      {link ? (
        <p role="status" data-testid="set-password-link">
          {t('staff.accounts.linkMade')} <code>{link}</code>
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy} data-testid="new-submit">
        {t('staff.accounts.create')}
      </button>
    </form>
  );
}
