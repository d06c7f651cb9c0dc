import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hasLocale } from '../../i18n.js';
import {
  DECISION_OUTCOMES,
  orderedDecisions,
  orderedItems,
  suggestedOutcome,
  VOTE_FORM_LIMITS,
  type DecisionOutcome,
  type Lang,
  type MeetingState,
  type MeetingText,
  type Poll,
} from '@rostrum/core';
import { formatTime } from '../../format.js';
import type { CommandInput } from '../../live/live-meeting.js';
import { Txt, useMeetingLanguages, useTextOf } from '../MeetingText.js';
import { TextFields } from '../TextFields.js';
import {
  draftOf,
  hasProblems,
  rebaseText,
  textFieldProblems,
  textOfDraft,
  type TextDraft,
  type TextFieldProblems,
} from '../text-fields.js';

type Run = (command: CommandInput) => Promise<boolean>;

export type DecisionDraft = {
  agendaItemId: string;
  pollId: string | null;
  proposalId: string | null;
  outcome: DecisionOutcome;
  text: MeetingText;
};

/**
 * A first wording from a poll's result, in every language of the meeting whatever the chair's
 * own language: the minutes are read in all of them. The proposal's title is quoted in each
 * language it has; where it is not translated yet, that language's wording is left for the
 * secretariat rather than quoting the original in a sentence of another language.
 */
export function useDraftFromPoll(): (meeting: MeetingState, poll: Poll) => DecisionDraft {
  const { i18n } = useTranslation();
  return (meeting, poll) => {
    const outcome = suggestedOutcome(poll);
    const proposal = meeting.votes.proposals[poll.proposalId];
    const languages = meeting.meta.languages;
    const draft = (lang: Lang): string | undefined => {
      // A language whose wording has not arrived is left blank, never drafted in English.
      if (!hasLocale(lang)) return undefined;
      const t = i18n.getFixedT(lang);
      const tally = poll.result?.tally;
      const title = proposal?.title[lang];
      if (title === undefined && lang !== languages[0]) return undefined;
      const sentence = t(`votes.draft.${outcome}`, { title: title ?? '' });
      return tally && poll.method === 'vote'
        ? `${sentence} ${t('votes.draft.tally', { support: tally.support, object: tally.object, abstain: tally.abstain })}`
        : sentence;
    };
    return {
      agendaItemId: poll.agendaItemId,
      pollId: poll.id,
      proposalId: poll.proposalId,
      outcome,
      text: Object.fromEntries(
        languages.flatMap((lang) => {
          const wording = draft(lang);
          return wording === undefined ? [] : [[lang, wording]];
        }),
      ),
    };
  };
}

type Props = {
  meeting: MeetingState;
  canRecord: boolean;
  canReadBack: boolean;
  run: Run;
  /** A draft to open the form with (the chair's "record the decision" on a closed poll). */
  draft: DecisionDraft | null;
  onDraftDone: () => void;
};

/** The decision register: what the meeting decided, in the reader's language, with the time. */
export function DecisionsPanel({ meeting, canRecord, canReadBack, run, draft, onDraftDone }: Props) {
  const { t, i18n } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const decisions = orderedDecisions(meeting.votes);
  const showForm = draft !== null || adding;
  const blank: DecisionDraft = {
    agendaItemId: meeting.current.itemId ?? meeting.agenda.order[0] ?? '',
    pollId: null,
    proposalId: null,
    outcome: 'noted',
    text: {},
  };
  // R shows (or hides) the latest decision on the projector.
  const shortcut = (index: number) =>
    index === decisions.length - 1 ? { 'aria-keyshortcuts': 'R', 'data-shortcut': 'r' } : {};
  const done = () => {
    setAdding(false);
    onDraftDone();
  };

  return (
    <section className="decisions" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t('votes.decisions')}</h2>
      {decisions.length === 0 ? <p className="muted">{t('votes.noDecisions')}</p> : null}
      <ol className="decision-list">
        {decisions.map((d, index) => (
          <li key={d.id} className="decision" data-testid={`decision-${d.id}`} data-outcome={d.outcome}>
            <p>
              <span className={`badge outcome-${d.outcome}`}>{t(`votes.decisionOutcome.${d.outcome}`)}</span>{' '}
              <span className="muted small">
                <ItemTitle meeting={meeting} itemId={d.agendaItemId} /> ·{' '}
                {formatTime(d.recordedAt, i18n.language, meeting.meta.timeZone)}
              </span>
            </p>
            <p className="decision-text">
              <Txt text={d.text} />
            </p>
            <div className="controls">
              {canReadBack ? (
                meeting.votes.readBack === d.id ? (
                  <button
                    type="button"
                    className="small"
                    data-testid={`decision-hide-${d.id}`}
                    {...shortcut(index)}
                    onClick={() => void run({ type: 'decision.readBack', decisionId: null })}
                  >
                    {t('votes.hideFromProjector')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="small"
                    data-testid={`decision-show-${d.id}`}
                    {...shortcut(index)}
                    onClick={() => void run({ type: 'decision.readBack', decisionId: d.id })}
                  >
                    {t('votes.showOnProjector')}
                  </button>
                )
              ) : null}
              {canRecord && editing !== d.id ? (
                <button
                  type="button"
                  className="small"
                  data-testid={`decision-edit-${d.id}`}
                  onClick={() => setEditing(d.id)}
                >
                  {t('votes.edit')}
                </button>
              ) : null}
            </div>
            {editing === d.id ? (
              <DecisionForm
                meeting={meeting}
                initial={{
                  agendaItemId: d.agendaItemId,
                  pollId: d.pollId,
                  proposalId: d.proposalId,
                  outcome: d.outcome,
                  text: d.text,
                }}
                fixedItem
                onCancel={() => setEditing(null)}
                onSave={async (v) => {
                  const ok = await run({ type: 'decision.edit', decisionId: d.id, text: v.text, outcome: v.outcome });
                  if (ok) setEditing(null);
                }}
              />
            ) : null}
          </li>
        ))}
      </ol>
      {canRecord ? (
        showForm ? (
          <DecisionForm
            key={draft?.pollId ?? 'blank'}
            meeting={meeting}
            initial={draft ?? blank}
            fixedItem={draft !== null}
            onCancel={done}
            onSave={async (v) => {
              const ok = await run({
                type: 'decision.record',
                agendaItemId: v.agendaItemId,
                pollId: v.pollId,
                proposalId: v.proposalId,
                text: v.text,
                outcome: v.outcome,
              });
              if (ok) done();
            }}
          />
        ) : (
          <button type="button" data-testid="add-decision" onClick={() => setAdding(true)}>
            {t('votes.recordDecision')}
          </button>
        )
      ) : null}
    </section>
  );
}

function DecisionForm({
  meeting,
  initial,
  fixedItem,
  onSave,
  onCancel,
}: {
  meeting: MeetingState;
  initial: DecisionDraft;
  fixedItem: boolean;
  onSave: (v: DecisionDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const languages = useMeetingLanguages();
  const [itemId, setItemId] = useState(initial.agendaItemId);
  const [outcome, setOutcome] = useState<DecisionOutcome>(initial.outcome);
  // The wording as the form opened; at saving, languages nobody changed here take the record's
  // current wording (a translation saved meanwhile in the translations panel stays).
  const [opened] = useState(initial.text);
  const [text, setText] = useState<TextDraft>(() => draftOf(initial.text, languages));
  const [problems, setProblems] = useState<TextFieldProblems>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = textFieldProblems(text, languages, VOTE_FORM_LIMITS.decisionText);
    setProblems(found);
    if (hasProblems(found)) return;
    const edited = textOfDraft(text, languages);
    await onSave({
      ...initial,
      agendaItemId: itemId,
      outcome,
      text: rebaseText(opened, edited, initial.text, languages) ?? initial.text,
    });
  };
  const proposal = initial.proposalId === null ? undefined : meeting.votes.proposals[initial.proposalId];
  return (
    <form className="decision-form" data-testid="decision-form" noValidate onSubmit={(e) => void submit(e)}>
      {proposal ? <p className="muted small">{t('votes.onProposal', { title: textOf(proposal.title) })}</p> : null}
      {fixedItem ? null : (
        <label>
          {t('votes.form.item')}
          <select data-testid="decision-item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
            {orderedItems(meeting).map((item) => (
              <option key={item.id} value={item.id}>
                {textOf(item.title)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('votes.form.outcome')}
        <select
          autoFocus
          data-testid="decision-outcome"
          value={outcome}
          onChange={(e) => setOutcome(DECISION_OUTCOMES.find((o) => o === e.target.value) ?? 'noted')}
        >
          {DECISION_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`votes.decisionOutcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <TextFields
        label={t('fields.wording')}
        value={text}
        onChange={setText}
        rows={3}
        maxLength={VOTE_FORM_LIMITS.decisionText}
        problems={problems}
        testId={(lang) => `decision-text-${lang}`}
      />
      <div className="controls">
        <button type="submit" className="primary" data-testid="decision-submit">
          {t('votes.form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('votes.form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** An agenda item's title in a line of small print (isolated: it may be in another script). */
function ItemTitle({ meeting, itemId }: { meeting: MeetingState; itemId: string }) {
  const item = meeting.agenda.items[itemId];
  return item ? <Txt text={item.title} /> : null;
}
