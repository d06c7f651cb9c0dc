import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS, type MeetingState, type MeetingText } from '@rostrum/core';
import { useMeetingLanguages } from '../MeetingText.js';
import { TextFields } from '../TextFields.js';
import {
  draftOf,
  hasProblems,
  textFieldProblems,
  textOfDraft,
  type TextDraft,
  type TextFieldProblems,
} from '../text-fields.js';
import { DelegationSelect } from './DelegationSelect.js';

export type PresenterInput = { name: MeetingText; title: MeetingText; delegationId: string | null };
type Presenter = MeetingState['roster']['presenters'][string];

/**
 * A presenter's name, title and delegation, to add one or to edit one (`presenter` given).
 * `onSubmit` answers whether the command was taken; the fields are then cleared.
 */
export function PresenterFields({
  meeting,
  presenter,
  testId,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  meeting: MeetingState;
  presenter?: Presenter;
  testId: string;
  submitLabel: string;
  onSubmit: (input: PresenterInput) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const languages = useMeetingLanguages();
  const [name, setName] = useState<TextDraft>(() => draftOf(presenter?.name, languages));
  const [title, setTitle] = useState<TextDraft>(() => draftOf(presenter?.title, languages));
  const [delegationId, setDelegationId] = useState(presenter?.delegationId ?? '');
  const [problems, setProblems] = useState<{ name: TextFieldProblems; title: TextFieldProblems }>({
    name: {},
    title: {},
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = {
      name: textFieldProblems(name, languages, TEXT_LIMITS.name),
      title: textFieldProblems(title, languages, TEXT_LIMITS.name),
    };
    setProblems(p);
    if (hasProblems(p.name) || hasProblems(p.title)) return;
    const input = {
      name: textOfDraft(name, languages),
      title: textOfDraft(title, languages),
      delegationId: delegationId || null,
    };
    if (await onSubmit(input)) {
      setName(draftOf(undefined, languages));
      setTitle(draftOf(undefined, languages));
      setDelegationId('');
    }
  };

  return (
    <form className="details-form presenter-form" noValidate onSubmit={(e) => void submit(e)} data-testid={testId}>
      <TextFields
        label={t('meetingDetails.presenterName')}
        value={name}
        onChange={setName}
        maxLength={TEXT_LIMITS.name}
        problems={problems.name}
        testId={(lang) => `${testId}-name-${lang}`}
      />
      <TextFields
        label={t('meetingDetails.presenterTitle')}
        value={title}
        onChange={setTitle}
        maxLength={TEXT_LIMITS.name}
        problems={problems.title}
        testId={(lang) => `${testId}-title-${lang}`}
      />
      <DelegationSelect
        meeting={meeting}
        label={t('meetingDetails.delegation')}
        value={delegationId}
        onChange={setDelegationId}
        testId={`${testId}-delegation`}
      />
      <div className="details-actions">
        <button type="submit" data-testid={`${testId}-submit`}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('meetingDetails.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
