import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { planRosterImport, ROSTER_MAX_DELEGATIONS, rosterImportChunks, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { formatNumber } from '../../format.js';
import { dirOf, useMeetingLanguages, useTextOf } from '../MeetingText.js';
import { languageName } from '../text-fields.js';
import { decodeCsv, likelyDuplicates, parseRosterCsv, type RosterCsv } from './roster-csv.js';

type Run = (command: CommandInput) => Promise<boolean>;
type Sending = { done: number; total: number };

/** A spreadsheet's CSV export is small; a larger file is not a delegation list. */
const MAX_FILE_BYTES = 512 * 1024;

/**
 * The secretariat imports a delegation list from CSV: the file (or pasted text) is read in the
 * browser, every row checked and the change previewed (new, renamed, unchanged) before anything
 * is sent. The import goes as `roster.import` commands that each fit the command size limit
 * (`rosterImportChunks`); each new delegation gets its head and deputy links on the server.
 */
export function RosterImport({
  meeting,
  run,
  onImported,
}: {
  meeting: MeetingState;
  run: Run;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation();
  const languages = useMeetingLanguages();
  const textOf = useTextOf();
  const base = useId();
  const [text, setText] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [parsed, setParsed] = useState<RosterCsv | null>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  const [result, setResult] = useState<string | null>(null);
  /** The text `parsed` was read from: nothing is sent while the box holds something else. */
  const [parsedText, setParsedText] = useState('');
  /** The file was not UTF-8 and was read as Windows-1251: say so, a Western file would look wrong. */
  const [legacyEncoding, setLegacyEncoding] = useState(false);

  const read = (csv: string) => {
    setText(csv);
    setParsedText(csv);
    setResult(null);
    setParsed(csv.trim() === '' ? null : parseRosterCsv(csv, languages));
  };
  // Typed or pasted text is read once the typing pauses: the problems are announced once, not per
  // key. An object, so that typing back the same text as before still schedules a read.
  const [typed, setTyped] = useState<{ text: string } | null>(null);
  useEffect(() => {
    if (typed === null) return;
    const timer = setTimeout(() => read(typed.text), 400);
    return () => clearTimeout(timer);
  }, [typed]);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileProblem(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES)
      return setFileProblem(
        t('roster.fileTooLarge', { size: formatNumber(Math.round(MAX_FILE_BYTES / 1024), i18n.language) }),
      );
    const decoded = decodeCsv(new Uint8Array(await file.arrayBuffer()));
    setLegacyEncoding(decoded.encoding === 'windows-1251');
    read(decoded.text);
  };

  const plan = parsed?.ok ? planRosterImport(meeting, parsed.delegations) : null;
  const changing = parsed?.ok ? parsed.delegations.filter((d) => plan && !plan.unchanged.includes(d.id)) : [];
  const duplicates = parsed?.ok && plan ? likelyDuplicates(meeting.roster, parsed.delegations, plan.added) : [];
  const overLimit = plan !== null && meeting.roster.delegationOrder.length + plan.added.length > ROSTER_MAX_DELEGATIONS;
  const blocked =
    text !== parsedText ||
    !parsed?.ok ||
    parsed.problems.length > 0 ||
    changing.length === 0 ||
    overLimit ||
    sending !== null;

  const send = async () => {
    if (blocked) return;
    const chunks = rosterImportChunks(changing);
    setSending({ done: 0, total: changing.length });
    let done = 0;
    for (const chunk of chunks) {
      // Each chunk is one idempotent command: a failure stops here, and importing again resumes.
      if (!(await run({ type: 'roster.import', delegations: chunk }))) break;
      done += chunk.length;
      setSending({ done, total: changing.length });
    }
    setSending(null);
    if (done === changing.length && plan) {
      setResult(t('roster.imported', { count: plan.added.length, renamed: plan.renamed.length }));
      setText('');
      setParsed(null);
    }
    onImported();
  };

  const existingName = (id: string) => {
    const known = meeting.roster.delegations[id];
    return known ? textOf(known.name) : id;
  };
  const status = (id: string) =>
    plan?.added.includes(id) ? 'new' : plan?.renamed.includes(id) ? 'renamed' : 'unchanged';
  return (
    <div className="roster-import" data-testid="roster-import">
      <h3 id={`${base}-heading`}>{t('roster.importTitle')}</h3>
      <p className="muted small" id={`${base}-hint`}>
        {t('roster.hint', {
          columns: languages.map((l) => `name_${l}`).join(', '),
          original: `name_${languages[0] ?? 'en'}`,
        })}
      </p>
      <label>
        {t('roster.file')}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          aria-describedby={`${base}-hint`}
          onChange={(e) => void onFile(e)}
          data-testid="roster-file"
        />
      </label>
      {fileProblem ? (
        <p className="field-error" role="alert">
          {fileProblem}
        </p>
      ) : null}
      <label>
        {t('roster.paste')}
        <textarea
          rows={4}
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setLegacyEncoding(false);
            setTyped({ text: e.target.value });
          }}
          placeholder={['id', ...languages.map((l) => `name_${l}`)].join(',')}
          data-testid="roster-text"
        />
      </label>

      {legacyEncoding ? (
        <p className="muted small" data-testid="roster-encoding">
          {t('roster.legacyEncoding')}
        </p>
      ) : null}
      {parsed && !parsed.ok ? (
        <p className="field-error" role="alert" data-testid="roster-error">
          {parsed.error === 'missingColumns'
            ? t('roster.error.missingColumns', { columns: (parsed.missing ?? []).map((c) => `name_${c}`).join(', ') })
            : t(`roster.error.${parsed.error}`, { max: ROSTER_MAX_DELEGATIONS })}
        </p>
      ) : null}
      {parsed?.ok && plan ? (
        <div className="roster-preview" data-testid="roster-preview">
          <p aria-live="polite" data-testid="roster-summary">
            {t('roster.summary', {
              count: plan.added.length,
              renamed: plan.renamed.length,
              unchanged: plan.unchanged.length,
            })}
          </p>
          {parsed.problems.length > 0 ? (
            <ul className="field-error" role="alert" data-testid="roster-problems">
              {parsed.problems.slice(0, 20).map((p) => (
                <li key={p.row}>
                  {p.code === 'blankOriginal'
                    ? t('roster.problem.blankOriginal', {
                        row: p.row,
                        language: t(`text.lang.${languages[0] ?? 'en'}`),
                      })
                    : t(`roster.problem.${p.code}`, { row: p.row })}
                </li>
              ))}
              {parsed.problems.length > 20 ? (
                <li>{t('roster.moreProblems', { count: parsed.problems.length - 20 })}</li>
              ) : null}
            </ul>
          ) : null}
          {duplicates.length > 0 ? (
            <ul className="roster-warnings" data-testid="roster-duplicates">
              {duplicates.map((d) => (
                <li key={d.id}>
                  {t('roster.likelyDuplicate', {
                    id: d.id,
                    existing: existingName(d.existingId),
                    existingId: d.existingId,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
          {parsed.ignored.length > 0 ? (
            <p className="muted small" data-testid="roster-ignored">
              {t('roster.ignoredColumns', {
                columns: parsed.ignored.map((l) => `name_${l}`).join(', '),
                count: parsed.ignored.length,
              })}
            </p>
          ) : null}
          {overLimit ? (
            <p className="field-error" role="alert">
              {t('errors.reasons.roster_full')}
            </p>
          ) : null}
          {changing.length > 0 ? (
            <table className="roster-table">
              <caption className="visually-hidden">{t('roster.previewCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roster.columnId')}</th>
                  {languages.map((l) => (
                    <th key={l} scope="col">
                      {languageName(t(`text.lang.${l}`), i18n.resolvedLanguage)}
                    </th>
                  ))}
                  <th scope="col">{t('roster.columnChange')}</th>
                </tr>
              </thead>
              <tbody>
                {changing.slice(0, 100).map((d) => (
                  <tr key={d.id} data-testid={`roster-row-${d.id}`} data-status={status(d.id)}>
                    <td>
                      <code>{d.id}</code>
                    </td>
                    {languages.map((l) => (
                      <td key={l} lang={l} dir={dirOf(l)}>
                        {d.name[l] ?? ''}
                      </td>
                    ))}
                    <td>
                      {t(`roster.status.${status(d.id)}`)}
                      {status(d.id) === 'renamed' ? <span className="muted small"> ({existingName(d.id)})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      <div className="controls">
        <button
          type="button"
          className="primary"
          disabled={blocked}
          aria-busy={sending !== null}
          onClick={() => void send()}
          data-testid="roster-import-button"
        >
          {sending
            ? t('roster.sending', { done: sending.done, total: sending.total })
            : t('roster.importButton', { count: changing.length })}
        </button>
      </div>
      <p role="status" aria-live="polite" data-testid="roster-result">
        {result}
      </p>
    </div>
  );
}
