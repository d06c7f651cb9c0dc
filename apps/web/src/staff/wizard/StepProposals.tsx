import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS, VOTE_TEXT_LIMITS } from '@rostrum/core';
import { TextFields } from '../../components/TextFields.js';
import { textOfDraft } from '../../components/text-fields.js';
import { textProblemsAt, type DraftProposal } from './draft.js';
import { uniqueIdOf } from './ids.js';
import { FieldError, invalid, moved, RowTools } from './parts.js';
import { DelegationSelect, IdField } from './StepPeople.js';
import type { StepProps } from './step-props.js';

/** Step 5 (optional): proposals prepared for agenda items, to be put to a vote during the meeting. */
export function StepProposals({ draft, update, problems }: StepProps) {
  const { t } = useTranslation();
  const original = draft.languages[0] ?? 'en';
  const setProposal = (i: number, change: Partial<DraftProposal>) =>
    update((d) => ({ ...d, proposals: d.proposals.map((p, j) => (i === j ? { ...p, ...change } : p)) }));
  return (
    <>
      <p className="muted">{t('wizard.proposals.hint')}</p>
      <ol className="wizard-list">
        {draft.proposals.map((p, i) => (
          <li key={i} className="wizard-box" data-testid="wizard-proposal">
            <label>
              <span>{t('wizard.proposals.item')}</span>
              <select
                value={p.agendaItemId}
                onChange={(e) => setProposal(i, { agendaItemId: e.target.value })}
                data-testid={`wizard-proposal-${i}-item`}
                {...invalid(problems, `proposals.${i}.agendaItemId`)}
              >
                <option value="">—</option>
                {draft.agenda.map((a, n) => (
                  <option key={a.id} value={a.id}>
                    {n + 1}. {a.title[original] || a.id}
                  </option>
                ))}
              </select>
              <FieldError
                problems={problems}
                path={`proposals.${i}.agendaItemId`}
                testId={`wizard-proposal-${i}-item`}
              />
            </label>
            <TextFields
              label={t('wizard.proposals.title')}
              value={p.title}
              onChange={(title) => setProposal(i, { title })}
              maxLength={TEXT_LIMITS.shortText}
              problems={textProblemsAt(problems, `proposals.${i}.title`)}
              testId={(lang) => `wizard-proposal-${i}-title-${lang}`}
            />
            <TextFields
              label={t('wizard.proposals.text')}
              value={p.text}
              rows={4}
              onChange={(text) => setProposal(i, { text })}
              maxLength={VOTE_TEXT_LIMITS.proposalText}
              problems={textProblemsAt(problems, `proposals.${i}.text`)}
              testId={(lang) => `wizard-proposal-${i}-text-${lang}`}
            />
            <div className="wizard-inline">
              <DelegationSelect
                draft={draft}
                label={t('wizard.proposals.sponsor')}
                value={p.sponsorDelegationId}
                onChange={(sponsorDelegationId) => setProposal(i, { sponsorDelegationId })}
                testId={`wizard-proposal-${i}-sponsor`}
                problems={problems}
                path={`proposals.${i}.sponsorDelegationId`}
              />
              <IdField
                value={p.id}
                onChange={(id) => setProposal(i, { id })}
                path={`proposals.${i}.id`}
                problems={problems}
                testId={`wizard-proposal-${i}-id`}
                suggest={() =>
                  uniqueIdOf(
                    textOfDraft(p.title, draft.languages),
                    draft.languages,
                    new Set(draft.proposals.filter((_, j) => j !== i).map((x) => x.id)),
                    'proposal',
                  )
                }
              />
            </div>
            <RowTools
              index={i}
              count={draft.proposals.length}
              onMove={(from, to) => update((d) => ({ ...d, proposals: moved(d.proposals, from, to) }))}
              onRemove={() => update((d) => ({ ...d, proposals: d.proposals.filter((_, j) => j !== i) }))}
              testId={`wizard-proposal-${i}`}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={draft.agenda.length === 0}
        onClick={() =>
          update((d) => ({
            ...d,
            proposals: [...d.proposals, { id: '', agendaItemId: '', title: {}, text: {}, sponsorDelegationId: '' }],
          }))
        }
        data-testid="wizard-add-proposal"
      >
        {t('wizard.proposals.add')}
      </button>
    </>
  );
}
