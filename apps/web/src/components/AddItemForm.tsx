import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS, type MeetingText } from '@rostrum/core';
import { useMeetingLanguages } from './MeetingText.js';
import { TextFields } from './TextFields.js';
import {
  draftOf,
  hasProblems,
  textFieldProblems,
  textOfDraft,
  type TextDraft,
  type TextFieldProblems,
} from './text-fields.js';

/**
 * A new agenda item (chair and secretariat): its title in the original language of the meeting,
 * and in its other languages when they are at hand (the secretariat can translate it later),
 * and its planned minutes.
 */
export function AddItemForm({ onAdd }: { onAdd: (title: MeetingText, minutes: number) => Promise<boolean> }) {
  const { t } = useTranslation();
  const languages = useMeetingLanguages();
  const [title, setTitle] = useState<TextDraft>(() => draftOf(undefined, languages));
  const [problems, setProblems] = useState<TextFieldProblems>({});
  const [minutes, setMinutes] = useState('10');
  const [minutesProblem, setMinutesProblem] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = textFieldProblems(title, languages, TEXT_LIMITS.shortText);
    const m = Number(minutes);
    const badMinutes = !Number.isInteger(m) || m < 1 || m > 600;
    setProblems(found);
    setMinutesProblem(badMinutes);
    if (hasProblems(found) || badMinutes) return;
    if (await onAdd(textOfDraft(title, languages), m)) setTitle(draftOf(undefined, languages));
  };
  return (
    <form className="add-item" noValidate onSubmit={(e) => void submit(e)} data-testid="add-item">
      <h2>{t('chair.addItem')}</h2>
      <TextFields
        label={t('fields.title')}
        value={title}
        onChange={setTitle}
        maxLength={TEXT_LIMITS.shortText}
        problems={problems}
        testId={(lang) => `add-item-title-${lang}`}
      />
      <label>
        {t('chair.minutes')}
        <input
          type="number"
          required
          min={1}
          max={600}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          data-testid="add-item-minutes"
          {...(minutesProblem ? { 'aria-invalid': true, 'aria-describedby': 'add-item-minutes-error' } : {})}
        />
        {minutesProblem ? (
          <span className="field-error" id="add-item-minutes-error" data-testid="add-item-minutes-error">
            {t('prepare.minutesRange')}
          </span>
        ) : null}
      </label>
      <button type="submit" data-testid="add-item-submit">
        {t('chair.add')}
      </button>
    </form>
  );
}
