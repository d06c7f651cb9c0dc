import { useTranslation } from 'react-i18next';
import { LANGUAGES, SEATS, type Lang, type Seat } from '@rostrum/core';
import { languageName } from '../../components/text-fields.js';
import type { DraftPerson, Problems } from './draft.js';
import { FieldError, invalid } from './parts.js';

const EMPTY: DraftPerson = { name: '', title: '', email: '', language: '' };

/**
 * A delegation's head and deputy, for the invitations by email: name, email and the language of
 * their invitation (the meeting's original when none is chosen). Optional: a delegation without
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
  const { t, i18n } = useTranslation();
  return (
    <div className="wizard-inline" data-testid={`wizard-delegation-${index}-people`}>
      {SEATS.map((seat) => {
        const person = people[seat] ?? EMPTY;
        const at = `delegations.${index}.people.${seat}`;
        const testId = `wizard-delegation-${index}-${seat}`;
        return (
          <fieldset key={seat} className="wizard-person">
            <legend>{t(`roster.seat.${seat}`)}</legend>
            <label>
              <span>{t(`invitations.wizard.${seat}Name`)}</span>
              <input
                value={person.name}
                maxLength={200}
                onChange={(e) => onChange(seat, { ...person, name: e.target.value })}
                {...invalid(problems, `${at}.name`)}
                data-testid={`${testId}-name`}
              />
              <FieldError problems={problems} path={`${at}.name`} testId={`${testId}-name`} />
            </label>
            <label>
              <span>{t(`invitations.wizard.${seat}Email`)}</span>
              <input
                type="email"
                value={person.email}
                maxLength={254}
                onChange={(e) => onChange(seat, { ...person, email: e.target.value })}
                {...invalid(problems, `${at}.email`)}
                data-testid={`${testId}-email`}
              />
              <FieldError problems={problems} path={`${at}.email`} testId={`${testId}-email`} />
            </label>
            <label>
              <span>{t('invitations.wizard.language')}</span>
              <select
                value={person.language}
                onChange={(e) =>
                  onChange(seat, { ...person, language: LANGUAGES.find((l) => l === e.target.value) ?? '' })
                }
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
      })}
    </div>
  );
}
