import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { delegationSchema, TEXT_LIMITS, type MeetingState } from '@rostrum/core';
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
import { idFromNames } from './roster-csv.js';

type Problems = { name?: TextFieldProblems; id?: string };

/**
 * One delegation added by hand (a late registration): its name in the meeting's original
 * language (and in the others when known), and an id made from the name unless the secretariat
 * writes one. Unlike an import, an id already on the roster is refused here: a form that says
 * "add" must not rename someone.
 */
export function AddDelegationForm({
  meeting,
  run,
  onAdded,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const languages = useMeetingLanguages();
  const base = useId();
  const [name, setName] = useState<TextDraft>(() => draftOf(undefined, languages));
  const [id, setId] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const madeId = idFromNames(textOfDraft(name, languages), languages);
  const effectiveId = id.trim() || madeId;

  const check = (): Problems => {
    const p: Problems = {};
    const nameProblems = textFieldProblems(name, languages, TEXT_LIMITS.name);
    if (hasProblems(nameProblems)) p.name = nameProblems;
    if (!delegationSchema.shape.id.safeParse(effectiveId).success) p.id = t('roster.badIdField');
    else if (Object.hasOwn(meeting.roster.delegations, effectiveId)) p.id = t('roster.idTaken', { id: effectiveId });
    return p;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = check();
    setProblems(p);
    if (Object.keys(p).length > 0) return;
    // onlyNew: if someone else added this id meanwhile, the server refuses rather than renames.
    if (
      await run({
        type: 'roster.import',
        onlyNew: true,
        delegations: [{ id: effectiveId, name: textOfDraft(name, languages) }],
      })
    ) {
      setName(draftOf(undefined, languages));
      setId('');
      onAdded();
    }
  };

  return (
    <form className="add-delegation" noValidate onSubmit={(e) => void submit(e)} data-testid="add-delegation">
      <h3>{t('roster.addTitle')}</h3>
      <TextFields
        label={t('fields.delegationName')}
        value={name}
        onChange={setName}
        maxLength={TEXT_LIMITS.name}
        problems={problems.name}
        testId={(lang) => `add-delegation-${lang}`}
      />
      <label>
        {t('roster.idField')}
        <input
          value={id}
          placeholder={madeId}
          maxLength={TEXT_LIMITS.id}
          spellCheck={false}
          onChange={(e) => setId(e.target.value)}
          data-testid="add-delegation-id"
          {...(problems.id ? { 'aria-invalid': true, 'aria-describedby': `${base}-id-error` } : {})}
        />
        {problems.id ? (
          <span className="field-error" id={`${base}-id-error`} data-testid="add-delegation-id-error">
            {problems.id}
          </span>
        ) : null}
      </label>
      <button type="submit" data-testid="add-delegation-submit">
        {t('roster.add')}
      </button>
    </form>
  );
}
