import { memo, useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { originalText, type Lang } from '@rostrum/core';
import { dirOf } from '../MeetingText.js';
import { languageName } from '../text-fields.js';
import { isLongText, maxLengthOf, type TextRow } from './translation-groups.js';

type Props = {
  row: TextRow;
  /** What the text is, in the reader's language ("Agenda item 3, document 1"). */
  what: string;
  lang: Lang;
  languages: readonly Lang[];
  /** What the person has typed and not saved yet; undefined: the field shows the text as it is. */
  draft: string | undefined;
  onDraft: (key: string, value: string | undefined) => void;
  onSave: (row: TextRow, value: string) => void;
  saving: boolean;
  /** Why the last save of this text failed (translated), if it did. */
  problem: string | null;
  readOnly: boolean;
};

/**
 * One text of the meeting for a translator: what it is, its original (in its own language and
 * direction) and a field for the chosen language, saved on its own. A text another secretariat
 * member translates meanwhile shows their words at once, unless this person is typing in it.
 */
export const TranslationRow = memo(function TranslationRow({
  row,
  what,
  lang,
  languages,
  draft,
  onDraft,
  onSave,
  saving,
  problem,
  readOnly,
}: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = row.text[lang] ?? '';
  const value = draft ?? current;
  const original = originalText(row.text, languages);
  const isOriginal = lang === languages[0];
  const changed = draft !== undefined && draft.trim() !== current;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (changed && !saving) onSave(row, value);
  };
  const field = {
    id: `${id}-field`,
    lang,
    dir: dirOf(lang),
    value,
    maxLength: maxLengthOf(row.target.kind),
    readOnly,
    'data-testid': `translation-input-${row.key}`,
    ...(problem ? { 'aria-invalid': true, 'aria-describedby': `${id}-problem` } : {}),
    onChange: (e: { target: { value: string } }) =>
      onDraft(row.key, e.target.value === current ? undefined : e.target.value),
  };
  return (
    <li
      className="translation-row"
      data-testid={`translation-${row.key}`}
      data-missing={String(row.missing)}
      data-changed={String(changed)}
    >
      <p className="translation-what" id={`${id}-what`}>
        {what}
        {row.missing ? <span className="translation-missing-mark">{t('translations.missingMark')}</span> : null}
      </p>
      {isOriginal ? null : (
        <p className="translation-original">
          <span className="visually-hidden">{t('translations.original')}: </span>
          <bdi lang={original.lang} dir={dirOf(original.lang)} data-testid={`translation-original-${row.key}`}>
            {original.text}
          </bdi>
        </p>
      )}
      <form className="translation-form" noValidate onSubmit={submit}>
        <label htmlFor={field.id} className="visually-hidden">
          {`${what} — ${languageName(t(`text.lang.${lang}`), i18n.resolvedLanguage)}`}
        </label>
        {isLongText(row.target.kind) ? <textarea rows={3} {...field} /> : <input {...field} />}
        {readOnly ? null : (
          <button
            type="submit"
            className="small"
            disabled={!changed || saving}
            aria-describedby={`${id}-what`}
            data-testid={`translation-save-${row.key}`}
          >
            {t('translations.save')}
          </button>
        )}
        {problem ? (
          <span
            className="field-error"
            id={`${id}-problem`}
            role="alert"
            data-testid={`translation-problem-${row.key}`}
          >
            {problem}
          </span>
        ) : null}
      </form>
    </li>
  );
});
