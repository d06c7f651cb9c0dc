import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang, ProtocolError } from '@rostrum/core';
import { ErrorBanner } from '../ErrorBanner.js';
import {
  addDelegationMember,
  loadDelegationPeople,
  removeDelegationMember,
  type DelegationPerson,
} from './participants-api.js';
import { PersonForm, problemsOf } from './PersonForm.js';

/**
 * A delegation's head or deputy registers the other people who follow the meeting with their
 * delegation (observers of it, with no link of their own): listed in the minutes, removable here;
 * the secretariat sees and edits them in its panel.
 */
export function DelegationMembers({ token, language }: { token: string; language: Lang }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [people, setPeople] = useState<DelegationPerson[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);

  const load = useCallback(async () => setPeople(await loadDelegationPeople(token)), [token]);
  useEffect(() => void load(), [load]);
  const members = (people ?? []).filter((p) => p.seatKey === null);

  const remove = async (p: DelegationPerson) => {
    const res = await removeDelegationMember(token, p.id);
    if (!res.ok) setError(res.error);
    await load();
  };

  return (
    <section className="delegation-members" aria-labelledby={headingId} data-testid="delegation-members">
      <h3 id={headingId}>{t('participants.members.title')}</h3>
      <p className="muted">{t('participants.members.hint')}</p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {members.length === 0 ? (
        <p className="muted">{t('participants.members.none')}</p>
      ) : (
        <ul className="participants-lines">
          {members.map((p) => (
            <li key={p.id} className="participants-line" data-testid="delegation-member">
              <span className="participants-name">{p.name}</span>
              {p.title ? <span>{p.title}</span> : null}
              <span className="participants-actions">
                <button
                  type="button"
                  className="small"
                  aria-label={`${t('participants.members.remove')}: ${p.name}`}
                  onClick={() => void remove(p)}
                  data-testid="delegation-member-remove"
                >
                  {t('participants.members.remove')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <PersonForm
          initial={{ name: '', title: '', email: '', language }}
          testId="delegation-member-form"
          submitLabel={t('participants.add')}
          onSubmit={async (fields) => {
            const res = await addDelegationMember(token, fields);
            if (res.ok) {
              setAdding(false);
              await load();
              return null;
            }
            const problems = problemsOf(res.issues);
            if (Object.keys(problems).length === 0) setError(res.error);
            return problems;
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="small" onClick={() => setAdding(true)} data-testid="delegation-member-add">
          {t('participants.members.add')}
        </button>
      )}
    </section>
  );
}
