import { useTranslation } from 'react-i18next';
import { LANGUAGES, SEATS, type Lang, type Seat } from '@rostrum/core';
import { languageName } from '../../components/text-fields.js';
import type { DraftPerson, Problems } from './draft.js';
import { FieldError, invalid } from './parts.js';

const EMPTY: DraftPerson = { name: '', title: '', email: '', language: '' };

/**
 * One person who holds a link, for their invitation by email: name, email and the language of the
 * invitation (the meeting's original when none is chosen). `at`: the draft path of their problems.
 */
export function PersonFields({
  legend,
  labels,
  person,
  languages,
  at,
  problems,
  onChange,
  testId,
}: {
  legend: string;
  labels: { name: string; email: string };
  person: DraftPerson | undefined;
  languages: readonly Lang[];
  at: string;
  problems: Problems;
  onChange: (person: DraftPerson) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const p = person ?? EMPTY;
  return (
    <fieldset className="wizard-person">
      <legend>{legend}</legend>
      <label>
        <span>{labels.name}</span>
        <input
          value={p.name}
          maxLength={200}
          onChange={(e) => onChange({ ...p, name: e.target.value })}
          {...invalid(problems, `${at}.name`)}
          data-testid={`${testId}-name`}
        />
        <FieldError problems={problems} path={`${at}.name`} testId={`${testId}-name`} />
      </label>
      <label>
        <span>{labels.email}</span>
        <input
          type="email"
          value={p.email}
          maxLength={254}
          onChange={(e) => onChange({ ...p, email: e.target.value })}
          {...invalid(problems, `${at}.email`)}
          data-testid={`${testId}-email`}
        />
        <FieldError problems={problems} path={`${at}.email`} testId={`${testId}-email`} />
      </label>
      <label>
        <span>{t('invitations.wizard.language')}</span>
        <select
          value={p.language}
          onChange={(e) => onChange({ ...p, language: LANGUAGES.find((l) => l === e.target.value) ?? '' })}
          data-testid={`${testId}-language`}
        >
          <option value="">{t('invitations.wizard.languageOriginal')}</option>
          {/* The meeting's languages first: an invitation may be in any of the five. */}
          {[...languages, ...LANGUAGES.filter((l) => !languages.includes(l))].map((lang) => (
            <option key={lang} value={lang}>
              {languageName(t(`text.lang.${lang}`), i18n.resolvedLanguage)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

/**
 * A delegation's head and deputy, for the invitations by email. Optional: a delegation without
 * them gets its links by the mail merge or from the desk.
 */
export function DelegationPeople({
  people,
  languages,
  index,
  problems,
  onChange,
}: {
  people: Partial<Record<Seat, DraftPerson>>;
  languages: readonly Lang[];
  index: number;
  problems: Problems;
  onChange: (seat: Seat, person: DraftPerson) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="wizard-inline" data-testid={`wizard-delegation-${index}-people`}>
      {SEATS.map((seat) => (
        <PersonFields
          key={seat}
          legend={t(`roster.seat.${seat}`)}
          labels={{ name: t(`invitations.wizard.${seat}Name`), email: t(`invitations.wizard.${seat}Email`) }}
          person={people[seat]}
          languages={languages}
          at={`delegations.${index}.people.${seat}`}
          problems={problems}
          onChange={(person) => onChange(seat, person)}
          testId={`wizard-delegation-${index}-${seat}`}
        />
      ))}
    </div>
  );
}
