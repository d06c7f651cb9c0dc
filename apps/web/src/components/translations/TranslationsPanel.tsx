import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONFLICT_REASONS,
  ERROR_CODES,
  meetingTexts,
  missingCounts,
  type Lang,
  type MeetingState,
  type ProtocolError,
  type TextTarget,
} from '@rostrum/core';
import type { LiveMeeting } from '../../live/live-meeting.js';
import { useCommands } from '../../live/use-commands.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { useTextOf } from '../MeetingText.js';
import { languageName } from '../text-fields.js';
import { AddLanguage } from './AddLanguage.js';
import { firstLanguageToTranslate, groupTexts, type TextRow } from './translation-groups.js';
import { TranslationRow } from './TranslationRow.js';
import './translations.css';

type Props = { live: LiveMeeting; meeting: MeetingState };

/** A refused save, in the reader's language: the reason when there is one, else the code. */
function refusal(t: (key: string) => string, error: ProtocolError | null): string {
  if (error?.reason && CONFLICT_REASONS.includes(error.reason)) return t(`errors.reasons.${error.reason}`);
  if (error && ERROR_CODES.includes(error.code)) return t(`errors.${error.code}`);
  return t('errors.internal');
}

/**
 * The secretariat's translations: how many texts each language of the meeting still lacks, and
 * every text (the meeting, the agenda, presenters, delegations, proposals, decisions) with its
 * original and a field for the chosen language, saved one by one with `text.translate`. The
 * list is the live meeting's: what another secretariat member saves appears here at once. A
 * language can be added to the meeting from here.
 *
 * Memoised: the secretariat's screen renders every second for its clock, and a meeting's texts
 * are hundreds of fields.
 */
export const TranslationsPanel = memo(function TranslationsPanel({ live, meeting }: Props) {
  const { t, i18n } = useTranslation();
  const textOf = useTextOf();
  const { run, error, clearError } = useCommands(live);
  const languages = meeting.meta.languages;
  const entries = useMemo(() => meetingTexts(meeting), [meeting]);
  const missing = useMemo(() => missingCounts(meeting), [meeting]);
  // Chosen once: the panel must not move to another language when the last French text is done.
  const [chosen, setChosen] = useState<Lang>(() => firstLanguageToTranslate(languages, missing));
  const lang = languages.includes(chosen) ? chosen : (languages[0] ?? 'en');
  const [onlyMissing, setOnlyMissing] = useState(false);
  /** Rows translated here while "only missing" is on: they stay until the filter changes. */
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  /** Unsaved words, by language and text. */
  const [drafts, setDrafts] = useState<Readonly<Record<string, string>>>({});
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  /** The text whose last save was refused (the hook's `error` says why), or a check made here. */
  const [problem, setProblem] = useState<{ key: string; message: string | null } | null>(null);
  const editable = meeting.meta.status !== 'closed';
  const nameOf = (l: Lang) => languageName(t(`text.lang.${l}`), i18n.resolvedLanguage);
  const draftKey = (key: string) => `${lang}|${key}`;

  const onDraft = useCallback(
    (key: string, value: string | undefined) =>
      setDrafts((all) => {
        const next = { ...all };
        if (value === undefined) delete next[`${lang}|${key}`];
        else next[`${lang}|${key}`] = value;
        return next;
      }),
    [lang],
  );
  const onSave = useCallback(
    (row: TextRow, value: string) => {
      if (lang === languages[0] && value.trim() === '') {
        setProblem({ key: row.key, message: t('translations.originalRequired') });
        return;
      }
      const target: TextTarget = row.target;
      setSaving((all) => new Set(all).add(row.key));
      void run({ type: 'text.translate', target, lang, text: value }).then((ok) => {
        setSaving((all) => {
          const next = new Set(all);
          next.delete(row.key);
          return next;
        });
        setProblem(ok ? null : { key: row.key, message: null });
        if (!ok) return;
        onDraft(row.key, undefined);
        setKept((all) => new Set(all).add(row.key));
      });
    },
    [lang, languages, onDraft, run, t],
  );

  const groups = groupTexts(entries, lang, { onlyMissing, keep: kept });
  const itemNumber = (itemId: string) => meeting.agenda.order.indexOf(itemId) + 1;
  const what = (target: TextTarget): string => {
    switch (target.kind) {
      case 'meeting.title':
        return t('translations.what.meetingTitle');
      case 'chair.name':
        return t('translations.what.chairName');
      case 'item.title':
        return t('translations.what.itemTitle', { number: itemNumber(target.itemId) });
      case 'document.title':
        return t('translations.what.documentTitle', { number: itemNumber(target.itemId), document: target.index + 1 });
      case 'presenter.name':
        return t('translations.what.presenterName');
      case 'presenter.title': {
        const p = meeting.roster.presenters[target.presenterId];
        return t('translations.what.presenterTitle', { name: p ? textOf(p.name) : target.presenterId });
      }
      case 'delegation.name':
        return t('translations.what.delegationName', { id: target.delegationId });
      case 'proposal.title':
        return t('translations.what.proposalTitle', {
          number: meeting.votes.proposalOrder.indexOf(target.proposalId) + 1,
        });
      case 'proposal.text':
        return t('translations.what.proposalText', {
          number: meeting.votes.proposalOrder.indexOf(target.proposalId) + 1,
        });
      case 'decision.text':
        return t('translations.what.decisionText', {
          number: meeting.votes.decisionOrder.indexOf(target.decisionId) + 1,
        });
    }
  };

  return (
    <section className="translations" aria-labelledby="translations-heading" data-testid="translations">
      <h2 id="translations-heading">{t('translations.title')}</h2>
      <ul className="translation-counts" aria-label={t('translations.countsLabel')}>
        {languages.map((l, index) => (
          <li key={l} data-testid={`translations-missing-${l}`} data-missing={missing[l] ?? 0}>
            {nameOf(l)}:{' '}
            {index === 0
              ? t('translations.originalLanguage')
              : (missing[l] ?? 0) === 0
                ? t('translations.complete')
                : t('translations.missing', { count: missing[l] ?? 0 })}
          </li>
        ))}
      </ul>
      {editable ? <AddLanguage languages={languages} run={run} /> : null}
      {problem === null ? <ErrorBanner error={error} onDismiss={clearError} /> : null}
      <div className="translation-controls">
        <label>
          {t('translations.language')}
          <select
            value={lang}
            data-testid="translations-lang"
            onChange={(e) => {
              setChosen(languages.find((l) => l === e.target.value) ?? lang);
              setKept(new Set());
              setProblem(null);
            }}
          >
            {languages.map((l, index) => (
              <option key={l} value={l}>
                {index === 0 ? t('translations.originalOption', { language: nameOf(l) }) : nameOf(l)}
              </option>
            ))}
          </select>
        </label>
        <label className="translation-filter">
          <input
            type="checkbox"
            checked={onlyMissing}
            data-testid="translations-only-missing"
            onChange={(e) => {
              setOnlyMissing(e.target.checked);
              setKept(new Set());
            }}
          />
          {t('translations.onlyMissing')}
        </label>
      </div>
      {groups.length === 0 ? <p className="muted">{t('translations.nothingMissing')}</p> : null}
      {groups.map((g) => (
        <section key={g.group} className="translation-group" aria-labelledby={`translations-${g.group}`}>
          <h3 id={`translations-${g.group}`}>
            {t(`translations.group.${g.group}`)}{' '}
            <span className="muted small">
              {g.missing === 0 ? t('translations.complete') : t('translations.missing', { count: g.missing })}
            </span>
          </h3>
          <ul className="translation-list">
            {g.rows.map((row) => (
              <TranslationRow
                key={row.key}
                row={row}
                what={what(row.target)}
                lang={lang}
                languages={languages}
                draft={drafts[draftKey(row.key)]}
                onDraft={onDraft}
                onSave={onSave}
                saving={saving.has(row.key)}
                problem={problem?.key === row.key ? (problem.message ?? refusal(t, error)) : null}
                readOnly={!editable}
              />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
});
