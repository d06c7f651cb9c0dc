import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLang, type Lang } from '@rostrum/core';
import { MeetingLanguagesProvider } from '../../components/MeetingText.js';
import { staffApi, type StaffSession } from '../api.js';
import { failureText } from '../StaffApp.js';
import {
  buildDefinition,
  draftFromPrevious,
  emptyDraft,
  fillIds,
  problemsOfStep,
  STEPS,
  type Problems,
  type WizardDraft,
} from './draft.js';
import { discardDraft, loadDraft, saveDraft } from './draft-store.js';
import { PreviousMeetingPicker } from './PreviousMeetingPicker.js';
import { StepAgenda } from './StepAgenda.js';
import { StepBasics } from './StepBasics.js';
import { StepDelegations } from './StepDelegations.js';
import { StepPeople } from './StepPeople.js';
import { StepProposals } from './StepProposals.js';
import { createMeeting, type ServerIssue } from './wizard-api.js';
import { browserTimeZone } from './zoned-time.js';
import './wizard.css';

/** The address of the wizard: the home page with `?new` (the server serves `/` for it, a reload keeps it). */
export const WIZARD_HREF = '/?new';
export function isWizardLocation(search: string): boolean {
  return new URLSearchParams(search).has('new');
}

function firstDraft(language: string | undefined): WizardDraft {
  const lang: Lang = isLang(language) ? language : 'en';
  return emptyDraft(lang, browserTimeZone());
}

/**
 * Creating a meeting without writing JSON: the steps of the meeting definition, each checked by
 * the core's schema with its problems at their fields, then `POST /api/meetings` with the staff
 * session, and the new meeting's desk opened as secretariat. The draft is kept in this browser
 * for the account as it is typed, and offered again when the wizard is opened later.
 */
export function NewMeetingWizard({ session }: { session: StaffSession }) {
  const { t, i18n } = useTranslation();
  const accountId = session.account.id;
  const [saved, setSaved] = useState<WizardDraft | null>(() => loadDraft(accountId));
  const [draft, setDraft] = useState<WizardDraft>(() => firstDraft(i18n.resolvedLanguage));
  const [shown, setShown] = useState<Problems>({});
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; issues: ServerIssue[] } | null>(null);
  const touched = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const step = STEPS[Math.min(draft.step, STEPS.length - 1)] ?? 'basics';

  // Kept as typed, once the person has started (or taken the saved draft back): never over a draft still offered.
  useEffect(() => {
    if (touched.current && saved === null) saveDraft(accountId, draft);
  }, [accountId, draft, saved]);

  const update = (change: (d: WizardDraft) => WizardDraft) => {
    touched.current = true;
    setSaved(null);
    setDraft((d) => change(d));
  };
  const goTo = (index: number) => {
    setDraft((d) => ({ ...d, step: index }));
    setShown({});
    heading.current?.focus();
  };
  const check = (d: WizardDraft): Problems => {
    const built = buildDefinition(d);
    return built.ok ? {} : built.problems;
  };
  const next = () => {
    const filled = fillIds(draft);
    const problems = problemsOfStep(check(filled), step);
    touched.current = true;
    setDraft(filled);
    if (Object.keys(problems).length > 0) return setShown(problems);
    goTo(draft.step + 1);
  };
  const create = async () => {
    const filled = fillIds(draft);
    setDraft(filled);
    const built = buildDefinition(filled);
    if (!built.ok) return setShown(built.problems);
    setSending(true);
    setRefusal(null);
    const res = await createMeeting(session.csrfToken, built.definition);
    if (!res.ok) {
      setSending(false);
      // The server's issues are dotted paths like the wizard's own: each also marked at its field.
      setShown(Object.fromEntries(res.issues.map((issue) => [issue.path, 'invalid' as const])));
      return setRefusal({ message: failureText(t, res.code, res.retryAfterSeconds), issues: res.issues });
    }
    discardDraft(accountId);
    const entered = await staffApi.enter(session.csrfToken, res.id, 'secretariat');
    if (entered.ok)
      return window.location.assign(`/m/${encodeURIComponent(res.id)}#t=${encodeURIComponent(entered.data.token)}`);
    window.location.assign('/');
  };

  const problems = step === 'review' ? shown : problemsOfStep(shown, step);
  const stepProps = { draft, update, problems };

  return (
    <section className="wizard" aria-labelledby="wizard-heading" data-testid="wizard">
      <h2 id="wizard-heading" tabIndex={-1} ref={heading}>
        {t('wizard.title')}
      </h2>
      {saved ? (
        <div className="wizard-box wizard-offer" role="status" data-testid="wizard-draft-offer">
          <p>{t('wizard.draftOffer')}</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              touched.current = true;
              setDraft(saved);
              setSaved(null);
            }}
            data-testid="wizard-draft-resume"
          >
            {t('wizard.draftResume')}
          </button>
          <button
            type="button"
            onClick={() => {
              discardDraft(accountId);
              setSaved(null);
            }}
            data-testid="wizard-draft-discard"
          >
            {t('wizard.draftDiscard')}
          </button>
        </div>
      ) : null}

      <nav aria-label={t('wizard.stepsLabel')}>
        <ol className="wizard-steps">
          {STEPS.map((name, i) => (
            <li key={name} aria-current={i === draft.step ? 'step' : undefined}>
              {i < draft.step ? (
                <button type="button" onClick={() => goTo(i)} data-testid={`wizard-go-${name}`}>
                  {t(`wizard.steps.${name}`)}
                </button>
              ) : (
                <span>{t(`wizard.steps.${name}`)}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>

      {Object.keys(problems).length > 0 ? (
        <p className="error-banner" role="alert" data-testid="wizard-problems">
          {t('wizard.fixProblems', { count: Object.keys(problems).length })}
        </p>
      ) : null}

      <MeetingLanguagesProvider languages={draft.languages}>
        <div className="wizard-step" data-testid={`wizard-step-${step}`}>
          {step === 'basics' ? (
            <>
              <PreviousMeetingPicker
                label={t('wizard.fromPrevious')}
                testId="wizard-previous"
                onPick={(def) =>
                  update((d) => ({
                    ...draftFromPrevious(def, d.timeZone),
                    title: d.title,
                    date: d.date,
                    time: d.time,
                  }))
                }
              />
              <StepBasics {...stepProps} />
            </>
          ) : null}
          {step === 'people' ? <StepPeople {...stepProps} /> : null}
          {step === 'agenda' ? <StepAgenda {...stepProps} /> : null}
          {step === 'delegations' ? <StepDelegations {...stepProps} /> : null}
          {step === 'proposals' ? <StepProposals {...stepProps} /> : null}
          {step === 'review' ? <Review draft={draft} problems={problems} /> : null}
        </div>
      </MeetingLanguagesProvider>

      {refusal ? (
        <div className="error-banner" role="alert" data-testid="wizard-refusal">
          <p>{refusal.message}</p>
          {refusal.issues.length > 0 ? (
            <ul>
              {refusal.issues.map((issue, i) => (
                <li key={i} dir="ltr">
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div className="wizard-actions">
        {draft.step > 0 ? (
          <button type="button" onClick={() => goTo(draft.step - 1)} data-testid="wizard-back">
            {t('wizard.back')}
          </button>
        ) : (
          <a className="button" href="/" data-testid="wizard-cancel">
            {t('wizard.later')}
          </a>
        )}
        {step === 'review' ? (
          <button
            type="button"
            className="primary"
            disabled={sending}
            onClick={() => void create()}
            data-testid="wizard-create"
          >
            {sending ? t('wizard.creating') : t('wizard.create')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={next} data-testid="wizard-next">
            {t('wizard.next')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The last step: what will be created, and every problem left, each named by its step. */
function Review({ draft, problems }: { draft: WizardDraft; problems: Problems }) {
  const { t } = useTranslation();
  const original = draft.languages[0] ?? 'en';
  const minutes = draft.agenda.reduce((sum, a) => sum + (Number(a.minutes) || 0), 0);
  return (
    <div data-testid="wizard-review">
      <dl className="wizard-summary">
        <dt>{t('wizard.basics.title')}</dt>
        <dd lang={original}>{draft.title[original]}</dd>
        <dt>{t('wizard.review.when')}</dt>
        <dd>
          {draft.date} {draft.time} ({draft.timeZone})
        </dd>
        <dt>{t('wizard.review.languages')}</dt>
        <dd>{draft.languages.map((l) => t(`text.lang.${l}`)).join(', ')}</dd>
        <dt>{t('wizard.people.chair')}</dt>
        <dd lang={original}>{draft.chair.name[original]}</dd>
        <dt>{t('wizard.steps.agenda')}</dt>
        <dd>{t('wizard.review.items', { count: draft.agenda.length, minutes })}</dd>
        <dt>{t('wizard.steps.delegations')}</dt>
        <dd>{t('wizard.review.delegations', { count: draft.delegations.length })}</dd>
        <dt>{t('wizard.people.presenters')}</dt>
        <dd>{t('wizard.review.presenters', { count: draft.presenters.length })}</dd>
        <dt>{t('wizard.steps.proposals')}</dt>
        <dd>{t('wizard.review.proposals', { count: draft.proposals.length })}</dd>
      </dl>
      {Object.keys(problems).length > 0 ? (
        <ul className="small">
          {Object.entries(problems).map(([path, code]) => (
            <li key={path} className="field-error">
              {t(`wizard.steps.${stepOfPath(path)}`)}: {t(`wizard.problem.${code}`)} <code dir="ltr">{path}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function stepOfPath(path: string): (typeof STEPS)[number] {
  return (
    STEPS.find((s) => s !== 'review' && Object.keys(problemsOfStep({ [path]: 'invalid' }, s)).length > 0) ?? 'review'
  );
}
