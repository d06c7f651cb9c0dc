import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS, type Lang } from '@rostrum/core';
import { TextFields } from '../../components/TextFields.js';
import { draftOf, languageName, textOfDraft } from '../../components/text-fields.js';
import { decodeCsv } from '../../components/roster/roster-csv.js';
import { guessMapping, mapDelegations, parseTable, PERSON_COLUMNS, type ColumnMapping } from './columns.js';
import { textProblemsAt, type DraftPerson } from './draft.js';
import { DelegationPeople } from './DelegationPeople.js';
import { uniqueIdOf } from './ids.js';
import { FieldError, RowTools, moved } from './parts.js';
import { IdField } from './StepPeople.js';
import { PreviousMeetingPicker } from './PreviousMeetingPicker.js';
import type { StepProps } from './step-props.js';

const FILE_MAX_BYTES = 1_000_000;

/** Step 4: the delegations, imported from a list with its own column names, or taken from a previous meeting. */
export function StepDelegations({ draft, update, problems }: StepProps) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const table = useMemo(() => (text.trim() === '' ? null : parseTable(text)), [text]);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const languages = draft.languages;
  const shownMapping = mapping ?? (table ? guessMapping(table.headers, languages) : null);
  const mapped = table && shownMapping ? mapDelegations(table, shownMapping, languages, draft.delegations) : null;
  const original = languages[0] ?? 'en';
  const name = (lang: Lang) => languageName(t(`text.lang.${lang}`), i18n.resolvedLanguage);

  const readFile = async (file: File) => {
    if (file.size > FILE_MAX_BYTES) return setFileError(t('wizard.delegations.fileTooLarge'));
    setFileError(null);
    setMapping(null);
    setText(decodeCsv(new Uint8Array(await file.arrayBuffer())).text);
  };
  const columnSelect = (value: number | null | undefined, onChange: (v: number | null) => void, testId: string) => (
    <select
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      data-testid={testId}
    >
      <option value="">{t('wizard.delegations.noColumn')}</option>
      {(table?.headers ?? []).map((h, i) => (
        <option key={i} value={String(i)}>
          {h || `#${i + 1}`}
        </option>
      ))}
    </select>
  );

  return (
    <>
      <fieldset className="wizard-box">
        <legend>{t('wizard.delegations.import')}</legend>
        <p className="small muted">{t('wizard.delegations.importHint')}</p>
        <label>
          <span>{t('wizard.delegations.file')}</span>
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void readFile(file);
            }}
            data-testid="wizard-delegations-file"
          />
        </label>
        {fileError ? <p className="field-error">{fileError}</p> : null}
        <label>
          <span>{t('wizard.delegations.paste')}</span>
          <textarea
            rows={5}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setMapping(null);
            }}
            data-testid="wizard-delegations-paste"
          />
        </label>
        {text.trim() !== '' && !table ? <p className="field-error">{t('wizard.delegations.empty')}</p> : null}
        {table && shownMapping ? (
          <div className="wizard-inline" data-testid="wizard-mapping">
            <label>
              <span>{t('wizard.delegations.idColumn')}</span>
              {columnSelect(shownMapping.id, (id) => setMapping({ ...shownMapping, id }), 'wizard-map-id')}
            </label>
            {languages.map((lang) => (
              <label key={lang}>
                <span>{t('wizard.delegations.nameColumn', { language: name(lang) })}</span>
                {columnSelect(
                  shownMapping.names[lang],
                  (v) => setMapping({ ...shownMapping, names: { ...shownMapping.names, [lang]: v } }),
                  `wizard-map-${lang}`,
                )}
              </label>
            ))}
            <p className="small muted">{t('invitations.wizard.people')}</p>
            {PERSON_COLUMNS.map((column) => (
              <label key={column}>
                <span>{t(`invitations.wizard.${column}`)}</span>
                {columnSelect(
                  shownMapping.people?.[column],
                  (v) => setMapping({ ...shownMapping, people: { ...shownMapping.people, [column]: v } }),
                  `wizard-map-${column}`,
                )}
              </label>
            ))}
            <label>
              <span>{t('invitations.wizard.language')}</span>
              {columnSelect(
                shownMapping.language,
                (language) => setMapping({ ...shownMapping, language }),
                'wizard-map-language',
              )}
            </label>
          </div>
        ) : null}
        {mapped ? (
          <div role="status">
            <p data-testid="wizard-import-summary">
              {t('wizard.delegations.ready', { count: mapped.delegations.length })}
            </p>
            <ul className="small">
              {mapped.problems.map((p) => (
                <li key={`p${p.row}`} className="field-error" data-testid="wizard-import-problem">
                  {t(`wizard.delegations.rowProblem.${p.code}`, { row: p.row })}
                </li>
              ))}
              {mapped.emailProblems.map((p) => (
                <li key={`e${p.row}-${p.email}`} className="field-error" data-testid="wizard-import-email-problem">
                  {t('invitations.wizard.badEmail', { row: p.row, email: p.email })}
                </li>
              ))}
              {mapped.duplicates.map((d) => (
                <li key={`d${d.row}`} className="field-error" data-testid="wizard-import-duplicate">
                  {t('wizard.delegations.duplicate', {
                    row: d.row,
                    name: d.existing.name[original] || d.existing.id,
                    id: d.existing.id,
                  })}
                </li>
              ))}
            </ul>
            {mapped.tooMany ? <p className="field-error">{t('wizard.delegations.tooMany')}</p> : null}
            <button
              type="button"
              className="primary"
              disabled={mapped.delegations.length === 0 || mapped.tooMany}
              onClick={() => {
                update((d) => ({ ...d, delegations: [...d.delegations, ...mapped.delegations] }));
                setText('');
                setMapping(null);
              }}
              data-testid="wizard-import-submit"
            >
              {t('wizard.delegations.add', { count: mapped.delegations.length })}
            </button>
          </div>
        ) : null}
      </fieldset>

      <PreviousMeetingPicker
        label={t('wizard.delegations.fromPrevious')}
        testId="wizard-delegations-previous"
        onPick={(def) =>
          update((d) => {
            const known = new Set(d.delegations.map((x) => x.id));
            const added = def.delegations
              .filter((x) => !known.has(x.id))
              .map((x) => ({ id: x.id, name: draftOf(x.name, d.languages) }));
            return { ...d, delegations: [...d.delegations, ...added] };
          })
        }
      />

      <h3>{t('wizard.delegations.list', { count: draft.delegations.length })}</h3>
      <FieldError problems={problems} path="delegations" testId="wizard-delegations" />
      <ol className="wizard-list">
        {draft.delegations.map((del, i) => (
          <li key={i} className="wizard-box" data-testid="wizard-delegation" data-delegation-id={del.id}>
            <TextFields
              label={t('wizard.delegations.name')}
              value={del.name}
              onChange={(n) =>
                update((d) => ({ ...d, delegations: d.delegations.map((x, j) => (j === i ? { ...x, name: n } : x)) }))
              }
              maxLength={TEXT_LIMITS.name}
              problems={textProblemsAt(problems, `delegations.${i}.name`)}
              testId={(lang) => `wizard-delegation-${i}-${lang}`}
            />
            <IdField
              value={del.id}
              onChange={(id) =>
                update((d) => ({ ...d, delegations: d.delegations.map((x, j) => (j === i ? { ...x, id } : x)) }))
              }
              path={`delegations.${i}.id`}
              problems={problems}
              testId={`wizard-delegation-${i}-id`}
              suggest={() =>
                uniqueIdOf(
                  textOfDraft(del.name, languages),
                  languages,
                  new Set(draft.delegations.filter((_, j) => j !== i).map((x) => x.id)),
                  'delegation',
                )
              }
            />
            <DelegationPeople
              people={del.people ?? {}}
              languages={languages}
              index={i}
              problems={problems}
              onChange={(seat, person: DraftPerson) =>
                update((d) => ({
                  ...d,
                  delegations: d.delegations.map((x, j) =>
                    j === i ? { ...x, people: { ...x.people, [seat]: person } } : x,
                  ),
                }))
              }
            />
            <RowTools
              index={i}
              count={draft.delegations.length}
              onMove={(from, to) => update((d) => ({ ...d, delegations: moved(d.delegations, from, to) }))}
              onRemove={() =>
                update((d) => ({
                  ...d,
                  delegations: d.delegations.filter((_, j) => j !== i),
                  chair: d.chair.delegationId === del.id ? { ...d.chair, delegationId: '' } : d.chair,
                  presenters: d.presenters.map((p) => (p.delegationId === del.id ? { ...p, delegationId: '' } : p)),
                }))
              }
              testId={`wizard-delegation-${i}`}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => update((d) => ({ ...d, delegations: [...d.delegations, { id: '', name: {} }] }))}
        data-testid="wizard-add-delegation"
      >
        {t('wizard.delegations.addOne')}
      </button>
    </>
  );
}
