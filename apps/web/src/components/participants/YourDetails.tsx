import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang, type Role } from '@rostrum/core';
import { loadOwnDetails, saveOwnDetails, type OwnDetails, type PersonFields } from './participants-api.js';
import { PersonForm, problemsOf } from './PersonForm.js';
import { DelegationMembers } from './DelegationMembers.js';
import './participants.css';

/** The roles whose link one named person holds, and who are asked who they are. */
const ASKED: readonly Role[] = ['delegate', 'chair', 'presenter'];

const dismissedKey = (meetingId: string) => `rostrum.details-dismissed.${meetingId}`;

/** The interface language when it is one of the five, else English. */
const asLang = (l: string): Lang => LANGUAGES.find((x) => x === l.slice(0, 2)) ?? 'en';

/**
 * "Who is attending on this link?": on the first opening of a delegate's, the chair's or a
 * presenter's link with no one named yet, a card (not a modal: the meeting stays usable) asks
 * for a name, title and email, the invitation language set to the interface's. It can be put
 * aside ("Not now", remembered on this browser) and opened again from the header's "Your details".
 * Returns the header button and the card, for the page to place.
 */
export function useYourDetails(
  meetingId: string,
  role: Role,
  token: string | null,
): { button: ReactNode; card: ReactNode } {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const asked = ASKED.includes(role) && token !== null;
  const [own, setOwn] = useState<OwnDetails | null | 'failed' | 'loading'>('loading');
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);

  /** Reads the link's person; on the first opening (`ask`), opens the card when no one is named. */
  const load = useCallback(
    async (ask: boolean) => {
      if (!asked || token === null) return;
      const got = await loadOwnDetails(token);
      setOwn(got);
      if (ask && got === null && localStorage.getItem(dismissedKey(meetingId)) === null) setOpen(true);
    },
    [asked, token, meetingId],
  );
  useEffect(() => void load(true), [load]);

  if (!asked || token === null) return { button: null, card: null };

  const dismiss = () => {
    localStorage.setItem(dismissedKey(meetingId), '1');
    setOpen(false);
  };
  const initial: PersonFields =
    own !== null && typeof own === 'object'
      ? { name: own.name, title: own.title, email: own.email ?? '', language: own.language }
      : { name: '', title: '', email: '', language: asLang(i18n.language) };

  const submit = async (fields: PersonFields) => {
    const res = await saveOwnDetails(token, fields);
    if (!res.ok) return { ...problemsOf(res.issues), ...(res.issues.length === 0 ? { name: 'invalid' } : {}) };
    setSaved(true);
    setOpen(false);
    await load(false);
    return null;
  };

  const button = (
    <button
      type="button"
      className="small"
      aria-expanded={open}
      onClick={() => {
        setSaved(false);
        if (open) return setOpen(false);
        // What the secretariat may have corrected meanwhile: read again before the form shows it.
        setOwn('loading');
        setOpen(true);
        void load(false);
      }}
      data-testid="your-details-open"
    >
      {t('participants.you.open')}
    </button>
  );
  const card = open ? (
    <section className="your-details" aria-labelledby={headingId} data-testid="your-details">
      <h2 id={headingId}>{t(own === null ? 'participants.you.askTitle' : 'participants.you.editTitle')}</h2>
      <p className="muted">{t('participants.you.hint')}</p>
      {own === 'failed' ? (
        <p className="field-error" role="alert">
          {t('participants.you.loadFailed')}
        </p>
      ) : null}
      {own === 'loading' ? null : (
        <PersonForm
          key={JSON.stringify(initial)}
          initial={initial}
          testId="your-details-form"
          submitLabel={t('participants.save')}
          onSubmit={submit}
          onCancel={dismiss}
          cancelLabel={t('participants.you.notNow')}
        />
      )}
      {role === 'delegate' && own !== null && own !== 'loading' ? (
        <DelegationMembers token={token} language={initial.language} />
      ) : null}
    </section>
  ) : saved ? (
    <p className="your-details-saved" role="status" data-testid="your-details-saved">
      {t('participants.you.saved')}
    </p>
  ) : null;
  return { button, card };
}
