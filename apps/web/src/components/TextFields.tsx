import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '@rostrum/core';
import { dirOf, useMeetingLanguages } from './MeetingText.js';
import { languageName, type TextDraft, type TextFieldProblems } from './text-fields.js';
import './text-fields.css';

type Props = {
  /** What the text is ("Title", "Wording"): the group's legend. */
  label: string;
  value: TextDraft;
  onChange: (next: TextDraft) => void;
  maxLength: number;
  /** Rows of a textarea for a long text (a proposal, a decision); a one-line input otherwise. */
  rows?: number;
  /** Problems found when the form was sent, shown at their field in the reader's language. */
  problems?: TextFieldProblems;
  /** The test id of the field in a language; its error has the same id followed by `-error`. */
  testId: (lang: Lang) => string;
  disabled?: boolean;
};

/**
 * One meeting text written in the meeting's languages: a field per language, in the meeting's
 * order, each with its language's name, `lang` and `dir` (so that spell checking, fonts and the
 * writing direction follow the text, not the interface). The original is required; the others
 * may stay blank and be translated later. The form builds the text with `textOfDraft`.
 */
export function TextFields({ label, value, onChange, maxLength, rows, problems = {}, testId, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const languages = useMeetingLanguages();
  const base = useId();
  return (
    <fieldset className="text-fields">
      <legend>{label}</legend>
      {languages.map((lang, index) => {
        const original = index === 0;
        const problem = problems[lang];
        const errorId = `${base}-${lang}-error`;
        const common = {
          lang,
          dir: dirOf(lang),
          value: value[lang] ?? '',
          maxLength,
          disabled,
          required: original,
          'data-testid': testId(lang),
          ...(problem ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}),
        };
        return (
          <label key={lang} className="text-field">
            <span className="text-field-label">
              {languageName(t(`text.lang.${lang}`), i18n.resolvedLanguage)}{' '}
              <span className="text-field-mark">{original ? t('fields.original') : t('fields.optional')}</span>
            </span>
            {rows === undefined ? (
              <input {...common} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
            ) : (
              <textarea {...common} rows={rows} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
            )}
            {problem ? (
              <span className="field-error" id={errorId} data-testid={`${testId(lang)}-error`}>
                {t(`fields.problem.${problem}`, { language: t(`text.lang.${lang}`), max: maxLength })}
              </span>
            ) : null}
          </label>
        );
      })}
    </fieldset>
  );
}
