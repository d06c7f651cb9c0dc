import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS } from '@rostrum/core';
import { TextFields } from '../../components/TextFields.js';
import { textOfDraft } from '../../components/text-fields.js';
import { textProblemsAt, type DraftPresenter, type WizardDraft } from './draft.js';
import { uniqueIdOf } from './ids.js';
import { FieldError, invalid, moved, RowTools } from './parts.js';
import type { StepProps } from './step-props.js';
import { PersonFields } from './DelegationPeople.js';

/**
 * A delegation to choose (the chair's, a presenter's): the draft's list, entered at step 2 (before
 * this step, so the whole list is there) or taken from a previous meeting.
 */
export function DelegationSelect({
  draft,
  label,
  value,
  onChange,
  testId,
  problems = {},
  path = '',
}: {
  draft: WizardDraft;
  label?: string;
  value: string;
  onChange: (id: string) => void;
  testId: string;
  problems?: StepProps['problems'];
  path?: string;
}) {
  const { t } = useTranslation();
  const original = draft.languages[0] ?? 'en';
  return (
    <label>
      <span>{label ?? t('wizard.people.delegation')}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        {...invalid(problems, path)}
      >
        <option value="">{t('wizard.people.noDelegation')}</option>
        {draft.delegations.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name[original] || d.id}
          </option>
        ))}
      </select>
      <FieldError problems={problems} path={path} testId={testId} />
    </label>
  );
}

/**
 * Step 3: the chair and the presenters (the Secretary General, a director), each with an optional
 * delegation. It comes after the delegations' step, so that any of them can be chosen.
 */
export function StepPeople({ draft, update, problems }: StepProps) {
  const { t } = useTranslation();
  const setPresenter = (i: number, change: Partial<DraftPresenter>) =>
    update((d) => ({ ...d, presenters: d.presenters.map((p, j) => (i === j ? { ...p, ...change } : p)) }));
  return (
    <>
      <fieldset className="wizard-box">
        <legend>{t('wizard.people.chair')}</legend>
        <TextFields
          label={t('wizard.people.name')}
          value={draft.chair.name}
          onChange={(name) => update((d) => ({ ...d, chair: { ...d.chair, name } }))}
          maxLength={TEXT_LIMITS.name}
          problems={textProblemsAt(problems, 'chair.name')}
          testId={(lang) => `wizard-chair-${lang}`}
        />
        <DelegationSelect
          draft={draft}
          value={draft.chair.delegationId}
          onChange={(delegationId) => update((d) => ({ ...d, chair: { ...d.chair, delegationId } }))}
          testId="wizard-chair-delegation"
          problems={problems}
          path="chair.delegationId"
        />
        <PersonFields
          legend={t('invitations.wizard.chairPerson')}
          labels={{ name: t('invitations.wizard.chairName'), email: t('invitations.wizard.chairEmail') }}
          person={draft.chairPerson}
          languages={draft.languages}
          at="chairPerson"
          problems={problems}
          onChange={(chairPerson) => update((d) => ({ ...d, chairPerson }))}
          testId="wizard-chair-person"
        />
      </fieldset>

      <h3>{t('wizard.people.presenters')}</h3>
      {draft.presenters.length === 0 ? <p className="muted">{t('wizard.people.noPresenters')}</p> : null}
      <ol className="wizard-list">
        {draft.presenters.map((p, i) => (
          <li key={i} className="wizard-box" data-testid="wizard-presenter">
            <TextFields
              label={t('wizard.people.name')}
              value={p.name}
              onChange={(name) => setPresenter(i, { name })}
              maxLength={TEXT_LIMITS.name}
              problems={textProblemsAt(problems, `presenters.${i}.name`)}
              testId={(lang) => `wizard-presenter-${i}-name-${lang}`}
            />
            <TextFields
              label={t('wizard.people.title')}
              value={p.title}
              onChange={(title) => setPresenter(i, { title })}
              maxLength={TEXT_LIMITS.name}
              problems={textProblemsAt(problems, `presenters.${i}.title`)}
              testId={(lang) => `wizard-presenter-${i}-title-${lang}`}
            />
            <div className="wizard-inline">
              <DelegationSelect
                draft={draft}
                value={p.delegationId}
                onChange={(delegationId) => setPresenter(i, { delegationId })}
                testId={`wizard-presenter-${i}-delegation`}
                problems={problems}
                path={`presenters.${i}.delegationId`}
              />
              <IdField
                value={p.id}
                onChange={(id) => setPresenter(i, { id })}
                path={`presenters.${i}.id`}
                problems={problems}
                testId={`wizard-presenter-${i}-id`}
                suggest={() =>
                  uniqueIdOf(
                    textOfDraft(p.name, draft.languages),
                    draft.languages,
                    new Set(draft.presenters.filter((_, j) => j !== i).map((x) => x.id)),
                    'presenter',
                  )
                }
              />
            </div>
            <RowTools
              index={i}
              count={draft.presenters.length}
              onMove={(from, to) => update((d) => ({ ...d, presenters: moved(d.presenters, from, to) }))}
              onRemove={() =>
                update((d) => ({
                  ...d,
                  presenters: d.presenters.filter((_, j) => j !== i),
                  agenda: d.agenda.map((a) => ({ ...a, presenterIds: a.presenterIds.filter((x) => x !== p.id) })),
                }))
              }
              testId={`wizard-presenter-${i}`}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          update((d) => ({
            ...d,
            presenters: [...d.presenters, { id: '', name: {}, title: {}, delegationId: '' }],
          }))
        }
        data-testid="wizard-add-presenter"
      >
        {t('wizard.people.addPresenter')}
      </button>
    </>
  );
}

/**
 * An id: made from the name when the field is left (if it is blank), editable. It is what links
 * and exports carry, so it is shown rather than hidden.
 */
export function IdField({
  value,
  onChange,
  path,
  problems,
  testId,
  suggest,
}: {
  value: string;
  onChange: (id: string) => void;
  path: string;
  problems: StepProps['problems'];
  testId: string;
  suggest: () => string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('wizard.id')}</span>
      <input
        value={value}
        maxLength={TEXT_LIMITS.id}
        dir="ltr"
        placeholder={t('wizard.idPlaceholder')}
        onChange={(e) => onChange(e.target.value)}
        onFocus={() => value === '' && onChange(suggest())}
        data-testid={testId}
        {...invalid(problems, path)}
      />
      <FieldError problems={problems} path={path} testId={testId} />
    </label>
  );
}
