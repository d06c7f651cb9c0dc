import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  orderedItems,
  orderedProposals,
  LIMITS,
  TEXT_LIMITS,
  VOTE_FORM_LIMITS,
  type MeetingState,
  type MeetingText,
  type Proposal,
  type ProposalDocument,
} from '@rostrum/core';
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
import { PollOpenForm } from './PollOpenForm.js';

type Run = (command: CommandInput) => Promise<boolean>;

type Props = {
  meeting: MeetingState;
  /** Chair: may open polls. Staff (chair, secretariat): may add and edit proposals. */
  canOpenPolls: boolean;
  canEdit: boolean;
  run: Run;
  /** Only the proposals of this agenda item (the delegate's view); all of them otherwise. */
  itemId?: string | null;
};

/** The proposals of the meeting, with their text and documents, in agenda order. */
export function ProposalsPanel({ meeting, canOpenPolls, canEdit, run, itemId }: Props) {
  const { t } = useTranslation();
  const [opening, setOpening] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const itemOrder = meeting.agenda.order;
  const proposals = orderedProposals(meeting.votes)
    .filter((p) => itemId === undefined || p.agendaItemId === itemId)
    .sort((a, b) => itemOrder.indexOf(a.agendaItemId) - itemOrder.indexOf(b.agendaItemId));
  const openPoll = meeting.votes.openPollId === null ? undefined : meeting.votes.polls[meeting.votes.openPollId];
  if (proposals.length === 0 && !canEdit) return null;

  return (
    <section className="proposals" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">{t('votes.proposals')}</h2>
      {proposals.length === 0 ? <p className="muted">{t('votes.noProposals')}</p> : null}
      <ul className="proposal-list">
        {proposals.map((p, index) => (
          <li key={p.id} className="proposal" data-testid={`proposal-${p.id}`}>
            <ProposalText meeting={meeting} proposal={p} />
            <div className="controls">
              {canOpenPolls && meeting.meta.status === 'open' && !openPoll && opening !== p.id ? (
                <button
                  type="button"
                  className="primary small"
                  data-testid={`open-poll-${p.id}`}
                  // O opens a vote on the first proposal of the item under way.
                  {...(p.agendaItemId === meeting.current.itemId &&
                  proposals.findIndex((q) => q.agendaItemId === meeting.current.itemId) === index
                    ? { 'aria-keyshortcuts': 'O', 'data-shortcut': 'o' }
                    : {})}
                  onClick={() => setOpening(p.id)}
                >
                  {t('votes.openPoll')}
                </button>
              ) : null}
              {canEdit && openPoll?.proposalId !== p.id && editing !== p.id && meeting.meta.status !== 'closed' ? (
                <button
                  type="button"
                  className="small"
                  data-testid={`edit-proposal-${p.id}`}
                  onClick={() => setEditing(p.id)}
                >
                  {t('votes.edit')}
                </button>
              ) : null}
            </div>
            {opening === p.id ? (
              <PollOpenForm proposalId={p.id} onOpen={run} onCancel={() => setOpening(null)} />
            ) : null}
            {editing === p.id ? (
              <ProposalForm
                meeting={meeting}
                initial={p}
                onCancel={() => setEditing(null)}
                onSave={async (fields) => {
                  const ok = await run({ type: 'proposal.edit', proposalId: p.id, ...fields });
                  if (ok) setEditing(null);
                  return ok;
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit && meeting.meta.status !== 'closed' ? (
        adding ? (
          <ProposalForm
            meeting={meeting}
            initial={null}
            onCancel={() => setAdding(false)}
            onSave={async (fields) => {
              const ok = await run({ type: 'proposal.add', ...fields });
              if (ok) setAdding(false);
              return ok;
            }}
          />
        ) : (
          <button type="button" data-testid="add-proposal" onClick={() => setAdding(true)}>
            {t('votes.addProposal')}
          </button>
        )
      ) : null}
    </section>
  );
}

export function ProposalText({ meeting, proposal }: { meeting: MeetingState; proposal: Proposal }) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const sponsor =
    proposal.sponsorDelegationId === null ? null : meeting.roster.delegations[proposal.sponsorDelegationId];
  const item = meeting.agenda.items[proposal.agendaItemId];
  return (
    <div className="proposal-text">
      <p className="proposal-title">
        <Txt text={proposal.title} />
      </p>
      <p className="muted small">
        {sponsor ? t('votes.sponsoredBy', { delegation: textOf(sponsor.name) }) : null}
        {sponsor && item ? ' · ' : null}
        {item ? t('votes.onItem', { item: textOf(item.title) }) : null}
      </p>
      <details>
        <summary>{t('votes.readText')}</summary>
        <p className="proposal-body">
          <Txt text={proposal.text} />
        </p>
      </details>
      {proposal.documents.length > 0 ? (
        <ul className="documents">
          {proposal.documents.map((d) => (
            <li key={d.url}>
              <a href={d.url} target="_blank" rel="noreferrer noopener">
                <Txt text={d.title} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type ProposalFields = {
  agendaItemId: string;
  title: MeetingText;
  text: MeetingText;
  sponsorDelegationId: string | null;
  documents: ProposalDocument[];
};

type DocRow = { url: string; title: TextDraft };
type Problems = {
  title?: TextFieldProblems;
  text?: TextFieldProblems;
  docs?: Record<number, TextFieldProblems>;
  /** The whole proposal would not fit in one command (long texts in several languages). */
  tooLarge?: true;
};

/** Room in a command for its id, type and keys around the proposal's fields. */
const COMMAND_ENVELOPE_BYTES = 512;
const utf8 = new TextEncoder();

/**
 * Adds or edits a proposal: its title and text in the meeting's original language, and in its
 * other languages when the translation is at hand (the secretariat can add it later).
 */
function ProposalForm({
  meeting,
  initial,
  onSave,
  onCancel,
}: {
  meeting: MeetingState;
  initial: Proposal | null;
  onSave: (f: ProposalFields) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const languages = useMeetingLanguages();
  const [itemId, setItemId] = useState(
    initial?.agendaItemId ?? meeting.current.itemId ?? meeting.agenda.order[0] ?? '',
  );
  // The proposal as the form opened (an edit): see `rebaseText`.
  const [opened] = useState(initial);
  const [title, setTitle] = useState<TextDraft>(() => draftOf(initial?.title, languages));
  const [text, setText] = useState<TextDraft>(() => draftOf(initial?.text, languages));
  const [sponsor, setSponsor] = useState(initial?.sponsorDelegationId ?? '');
  const [docs, setDocs] = useState<DocRow[]>(
    () => initial?.documents.map((d) => ({ url: d.url, title: draftOf(d.title, languages) })) ?? [],
  );
  const [problems, setProblems] = useState<Problems>({});

  const check = (): Problems => {
    const p: Problems = {};
    const titleProblems = textFieldProblems(title, languages, VOTE_FORM_LIMITS.title);
    if (hasProblems(titleProblems)) p.title = titleProblems;
    const textProblems = textFieldProblems(text, languages, VOTE_FORM_LIMITS.proposalText);
    if (hasProblems(textProblems)) p.text = textProblems;
    const docProblems: Record<number, TextFieldProblems> = {};
    docs.forEach((d, i) => {
      const found = textFieldProblems(d.title, languages, TEXT_LIMITS.name);
      if (d.url.trim() !== '' && hasProblems(found)) docProblems[i] = found;
    });
    if (Object.keys(docProblems).length > 0) p.docs = docProblems;
    // Each field may be within its limit and the whole still too big for one command (4000
    // characters of Arabic or Cyrillic in three languages): said here, not as a refusal after.
    const size = utf8.encode(JSON.stringify(fields())).length;
    if (size > LIMITS.commandBytes - COMMAND_ENVELOPE_BYTES) p.tooLarge = true;
    return p;
  };

  const fields = (): ProposalFields => ({
    agendaItemId: itemId,
    title: rebased(opened?.title, textOfDraft(title, languages), initial?.title),
    text: rebased(opened?.text, textOfDraft(text, languages), initial?.text),
    sponsorDelegationId: sponsor === '' ? null : sponsor,
    documents: docs
      .filter((d) => d.url.trim() !== '')
      .map((d) => ({ url: d.url.trim(), title: textOfDraft(d.title, languages) })),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    await onSave(fields());
  };
  // A new proposal sends what was typed; an edit keeps translations saved since it opened.
  const rebased = (was: MeetingText | undefined, edited: MeetingText, now: MeetingText | undefined) =>
    was && now ? (rebaseText(was, edited, now, languages) ?? now) : edited;
  const setDoc = (i: number, patch: Partial<DocRow>) => setDocs(docs.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  return (
    <form className="proposal-form" data-testid="proposal-form" noValidate onSubmit={(e) => void submit(e)}>
      <h3>{initial ? t('votes.editProposal') : t('votes.addProposal')}</h3>
      <label>
        {t('votes.form.item')}
        <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
          {orderedItems(meeting).map((item) => (
            <option key={item.id} value={item.id}>
              {textOf(item.title)}
            </option>
          ))}
        </select>
      </label>
      <TextFields
        label={t('fields.title')}
        value={title}
        onChange={setTitle}
        maxLength={VOTE_FORM_LIMITS.title}
        problems={problems.title}
        testId={(lang) => `proposal-title-${lang}`}
      />
      <TextFields
        label={t('fields.proposalText')}
        value={text}
        onChange={setText}
        rows={4}
        maxLength={VOTE_FORM_LIMITS.proposalText}
        problems={problems.text}
        testId={(lang) => `proposal-text-${lang}`}
      />
      <label>
        {t('votes.form.sponsor')}
        <select value={sponsor} onChange={(e) => setSponsor(e.target.value)}>
          <option value="">{t('votes.form.noSponsor')}</option>
          {meeting.roster.delegationOrder.map((id) => {
            const d = meeting.roster.delegations[id];
            return (
              <option key={id} value={id}>
                {d ? textOf(d.name) : id}
              </option>
            );
          })}
        </select>
      </label>
      <fieldset>
        <legend>{t('votes.form.documents')}</legend>
        {docs.map((d, i) => (
          <div key={i} className="doc-entry" role="group" aria-label={t('upload.document', { number: i + 1 })}>
            <div className="doc-entry-head">
              <input
                type="url"
                required
                placeholder="https://…"
                aria-label={t('votes.form.docUrl')}
                maxLength={VOTE_FORM_LIMITS.url}
                value={d.url}
                onChange={(e) => setDoc(i, { url: e.target.value })}
                data-testid={`proposal-doc-url-${i}`}
              />
              <button type="button" className="small" onClick={() => setDocs(docs.filter((_, j) => j !== i))}>
                {t('votes.form.remove')}
              </button>
            </div>
            <TextFields
              label={t('fields.documentTitle')}
              value={d.title}
              onChange={(next) => setDoc(i, { title: next })}
              maxLength={TEXT_LIMITS.name}
              problems={problems.docs?.[i]}
              testId={(lang) => `proposal-doc-${lang}-${i}`}
            />
          </div>
        ))}
        {docs.length < VOTE_FORM_LIMITS.documents ? (
          <button
            type="button"
            className="small"
            onClick={() => setDocs([...docs, { url: '', title: draftOf(undefined, languages) }])}
          >
            {t('votes.form.addDocument')}
          </button>
        ) : null}
      </fieldset>
      {problems.tooLarge ? (
        <p className="field-error" role="alert" data-testid="proposal-too-large">
          {t('votes.form.tooLarge')}
        </p>
      ) : null}
      <div className="controls">
        <button type="submit" className="primary" data-testid="proposal-save">
          {t('votes.form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('votes.form.cancel')}
        </button>
      </div>
    </form>
  );
}
