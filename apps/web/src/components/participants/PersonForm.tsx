import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMAIL_MAX, LANGUAGES, PARTICIPANT_TEXT_MAX, participantFieldsSchema, type Lang } from '@rostrum/core';
import type { PersonFields } from './participants-api.js';

/** A field's problem, as a translation key's last part (the server's issue codes and the form's own). */
export type FieldProblems = Partial<Record<keyof PersonFields, string>>;

const FIELDS = ['name', 'title', 'email', 'language'] as const;
const isField = (p: string): p is keyof PersonFields => (FIELDS as readonly string[]).includes(p);

/** The server's refused fields, by field (the first code of each). */
export function problemsOf(issues: ReadonlyArray<{ path: string; code: string }>): FieldProblems {
  const out: FieldProblems = {};
  for (const { path, code } of issues) if (isField(path) && out[path] === undefined) out[path] = code;
  return out;
}

/** The form's own check, with core's schema (the server checks the same): a code per field. */
export function checkPerson(fields: PersonFields): FieldProblems {
  const parsed = participantFieldsSchema.safeParse(fields);
  if (parsed.success) return {};
  return problemsOf(
    parsed.error.issues.map((i) => ({
      path: String(i.path[0] ?? ''),
      code:
        i.code === 'too_big'
          ? 'too_long'
          : i.code === 'too_small'
            ? 'required'
            : i.path[0] === 'email'
              ? 'invalid_email'
              : 'invalid',
    })),
  );
}

/**
 * A person's name, title, email and the language of their invitation: used by the delegate's
 * "who is attending" card and by the secretariat's panel. `onSubmit` returns the server's
 * problems by field (empty when it took it).
 */
export function PersonForm({
  initial,
  testId,
  submitLabel,
  onSubmit,
  onCancel,
  cancelLabel,
}: {
  initial: PersonFields;
  testId: string;
  submitLabel: string;
  onSubmit: (fields: PersonFields) => Promise<FieldProblems | null>;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  const { t } = useTranslation();
  const base = useId();
  const [fields, setFields] = useState<PersonFields>(initial);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<PersonFields>) => setFields((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const own = checkPerson(fields);
    setProblems(own);
    if (Object.keys(own).length > 0) return;
    setBusy(true);
    const refused = await onSubmit(fields);
    setBusy(false);
    if (refused) setProblems(refused);
  };

  const errorOf = (field: keyof PersonFields) => {
    const code = problems[field];
    if (!code) return { attrs: {}, node: null };
    const id = `${base}-${field}-error`;
    return {
      attrs: { 'aria-invalid': true, 'aria-describedby': id },
      node: (
        <span className="field-error" id={id} data-testid={`${testId}-${field}-error`}>
          {t(`participants.problem.${['required', 'too_long', 'invalid_email'].includes(code) ? code : 'invalid'}`)}
        </span>
      ),
    };
  };
  const name = errorOf('name');
  const title = errorOf('title');
  const email = errorOf('email');
  const language = errorOf('language');

  return (
    <form className="person-form" noValidate onSubmit={(e) => void submit(e)} data-testid={testId}>
      <label>
        {t('participants.fields.name')}
        <input
          value={fields.name}
          maxLength={PARTICIPANT_TEXT_MAX}
          autoComplete="name"
          required
          onChange={(e) => set({ name: e.target.value })}
          data-testid={`${testId}-name`}
          {...name.attrs}
        />
        {name.node}
      </label>
      <label>
        {t('participants.fields.title')}
        <input
          value={fields.title}
          maxLength={PARTICIPANT_TEXT_MAX}
          autoComplete="organization-title"
          onChange={(e) => set({ title: e.target.value })}
          data-testid={`${testId}-title`}
          {...title.attrs}
        />
        {title.node}
      </label>
      <label>
        {t('participants.fields.email')}
        <input
          type="email"
          value={fields.email}
          maxLength={EMAIL_MAX}
          autoComplete="email"
          dir="ltr"
          onChange={(e) => set({ email: e.target.value })}
          data-testid={`${testId}-email`}
          {...email.attrs}
        />
        {email.node}
      </label>
      <label>
        {t('participants.fields.language')}
        <select
          value={fields.language}
          onChange={(e) => set({ language: LANGUAGES.find((l) => l === e.target.value) ?? fields.language })}
          data-testid={`${testId}-language`}
          {...language.attrs}
        >
          {LANGUAGES.map((l: Lang) => (
            <option key={l} value={l} lang={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
        {language.node}
      </label>
      <div className="person-form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid={`${testId}-save`}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {cancelLabel ?? t('participants.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
