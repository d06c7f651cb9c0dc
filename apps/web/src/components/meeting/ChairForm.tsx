import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
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
import { DraftActions } from './DraftActions.js';
import { useDraft } from './use-draft.js';

/** Who chairs the meeting: a person, in the meeting's languages, and the delegation they come from. */
export function ChairForm({
  meeting,
  run,
  onSaved,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const languages = useMeetingLanguages();
  const { chair } = meeting.roster;
  const draft = useDraft<{ name: TextDraft; delegationId: string }>({
    name: draftOf(chair.name, languages),
    delegationId: chair.delegationId ?? '',
  });
  const [problems, setProblems] = useState<TextFieldProblems>({});
  const value = draft.value;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = textFieldProblems(value.name, languages, TEXT_LIMITS.name);
    setProblems(p);
    if (hasProblems(p)) return;
    const name = textOfDraft(value.name, languages);
    if (await run({ type: 'meeting.setChair', name, delegationId: value.delegationId || null })) {
      draft.reset();
      onSaved();
    }
  };

  return (
    <form className="details-form" noValidate onSubmit={(e) => void submit(e)} data-testid="chair-form">
      <h3>{t('meetingDetails.chair')}</h3>
      <TextFields
        label={t('meetingDetails.chairName')}
        value={value.name}
        onChange={(name) => draft.change({ ...value, name })}
        maxLength={TEXT_LIMITS.name}
        problems={problems}
        testId={(lang) => `chair-name-${lang}`}
      />
      <DelegationSelect
        meeting={meeting}
        label={t('meetingDetails.delegation')}
        value={value.delegationId}
        onChange={(delegationId) => draft.change({ ...value, delegationId })}
        testId="chair-delegation"
      />
      <DraftActions
        draft={draft}
        saveLabel={t('meetingDetails.saveChair')}
        testId="chair-save"
        onCancel={() => setProblems({})}
      />
    </form>
  );
}
