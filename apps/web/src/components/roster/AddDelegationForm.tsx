import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { delegationSchema, TEXT_LIMITS, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { idFromName } from './roster-csv.js';

type Problems = Partial<Record<'en' | 'ru' | 'id', string>>;

/**
 * One delegation added by hand (a late registration): both names, and an id made from the
 * English name unless the secretariat writes one. Unlike an import, an id already on the roster
 * is refused here: a form that says "add" must not rename someone.
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
  const base = useId();
  const [en, setEn] = useState('');
  const [ru, setRu] = useState('');
  const [id, setId] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const effectiveId = id.trim() || idFromName(en);

  const check = (): Problems => {
    const p: Problems = {};
    if (en.trim() === '') p.en = t('prepare.required');
    if (ru.trim() === '') p.ru = t('prepare.required');
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
        delegations: [{ id: effectiveId, name: { en: en.trim(), ru: ru.trim() } }],
      })
    ) {
      setEn('');
      setRu('');
      setId('');
      onAdded();
    }
  };
  const field = (key: keyof Problems) =>
    problems[key]
      ? {
          'aria-invalid': true,
          'aria-describedby': `${base}-${key}-error`,
        }
      : {};
  const error = (key: keyof Problems) =>
    problems[key] ? (
      <span className="field-error" id={`${base}-${key}-error`} data-testid={`add-delegation-${key}-error`}>
        {problems[key]}
      </span>
    ) : null;

  return (
    <form className="add-delegation" noValidate onSubmit={(e) => void submit(e)} data-testid="add-delegation">
      <h3>{t('roster.addTitle')}</h3>
      <label>
        {t('roster.nameEn')}
        <input
          lang="en"
          maxLength={TEXT_LIMITS.name}
          value={en}
          onChange={(e) => setEn(e.target.value)}
          data-testid="add-delegation-en"
          {...field('en')}
        />
        {error('en')}
      </label>
      <label>
        {t('roster.nameRu')}
        <input
          lang="ru"
          maxLength={TEXT_LIMITS.name}
          value={ru}
          onChange={(e) => setRu(e.target.value)}
          data-testid="add-delegation-ru"
          {...field('ru')}
        />
        {error('ru')}
      </label>
      <label>
        {t('roster.idField')}
        <input
          value={id}
          placeholder={idFromName(en)}
          maxLength={TEXT_LIMITS.id}
          spellCheck={false}
          onChange={(e) => setId(e.target.value)}
          data-testid="add-delegation-id"
          {...field('id')}
        />
        {error('id')}
      </label>
      <button type="submit" data-testid="add-delegation-submit">
        {t('roster.add')}
      </button>
    </form>
  );
}
