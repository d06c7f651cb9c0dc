import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  orderedItems,
  orderedProposals,
  VOTE_FORM_LIMITS,
  type Lang,
  type MeetingState,
  type Proposal,
  type ProposalDocument,
} from '@rostrum/core';
import { currentLang } from '../../i18n.js';
import type { CommandInput } from '../../live/live-meeting.js';
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
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
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
            <ProposalText meeting={meeting} proposal={p} lang={lang} />
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

export function ProposalText({ meeting, proposal, lang }: { meeting: MeetingState; proposal: Proposal; lang: Lang }) {
  const { t } = useTranslation();
  const sponsor =
    proposal.sponsorDelegationId === null ? null : meeting.roster.delegations[proposal.sponsorDelegationId];
  const item = meeting.agenda.items[proposal.agendaItemId];
  return (
    <div className="proposal-text">
      <p className="proposal-title">{proposal.title[lang]}</p>
      <p className="muted small">
        {sponsor ? t('votes.sponsoredBy', { delegation: sponsor.name[lang] }) : null}
        {sponsor && item ? ' · ' : null}
        {item ? t('votes.onItem', { item: item.title[lang] }) : null}
      </p>
      <details>
        <summary>{t('votes.readText')}</summary>
        <p lang={lang} className="proposal-body">
          {proposal.text[lang]}
        </p>
      </details>
      {proposal.documents.length > 0 ? (
        <ul className="documents">
          {proposal.documents.map((d) => (
            <li key={d.url}>
              <a href={d.url} target="_blank" rel="noreferrer noopener">
                {d.title[lang]}
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
  title: { en: string; ru: string };
  text: { en: string; ru: string };
  sponsorDelegationId: string | null;
  documents: ProposalDocument[];
};

type DocRow = { url: string; en: string; ru: string };

/** Adds or edits a proposal: both languages are required, as in the minutes. */
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
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
  const [itemId, setItemId] = useState(
    initial?.agendaItemId ?? meeting.current.itemId ?? meeting.agenda.order[0] ?? '',
  );
  const [titleEn, setTitleEn] = useState(initial?.title.en ?? '');
  const [titleRu, setTitleRu] = useState(initial?.title.ru ?? '');
  const [textEn, setTextEn] = useState(initial?.text.en ?? '');
  const [textRu, setTextRu] = useState(initial?.text.ru ?? '');
  const [sponsor, setSponsor] = useState(initial?.sponsorDelegationId ?? '');
  const [docs, setDocs] = useState<DocRow[]>(
    initial?.documents.map((d) => ({ url: d.url, en: d.title.en, ru: d.title.ru })) ?? [],
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onSave({
      agendaItemId: itemId,
      title: { en: titleEn.trim(), ru: titleRu.trim() },
      text: { en: textEn.trim(), ru: textRu.trim() },
      sponsorDelegationId: sponsor === '' ? null : sponsor,
      documents: docs
        .filter((d) => d.url.trim() !== '')
        .map((d) => ({ url: d.url.trim(), title: { en: d.en.trim(), ru: d.ru.trim() } })),
    });
  };
  const setDoc = (i: number, patch: Partial<DocRow>) => setDocs(docs.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  return (
    <form className="proposal-form" data-testid="proposal-form" onSubmit={(e) => void submit(e)}>
      <h3>{initial ? t('votes.editProposal') : t('votes.addProposal')}</h3>
      <label>
        {t('votes.form.item')}
        <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
          {orderedItems(meeting).map((item) => (
            <option key={item.id} value={item.id}>
              {item.title[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('votes.form.titleEn')}
        <input
          lang="en"
          required
          maxLength={VOTE_FORM_LIMITS.title}
          value={titleEn}
          onChange={(e) => setTitleEn(e.target.value)}
        />
      </label>
      <label>
        {t('votes.form.titleRu')}
        <input
          lang="ru"
          required
          maxLength={VOTE_FORM_LIMITS.title}
          value={titleRu}
          onChange={(e) => setTitleRu(e.target.value)}
        />
      </label>
      <label>
        {t('votes.form.textEn')}
        <textarea
          lang="en"
          required
          rows={4}
          maxLength={VOTE_FORM_LIMITS.proposalText}
          value={textEn}
          onChange={(e) => setTextEn(e.target.value)}
        />
      </label>
      <label>
        {t('votes.form.textRu')}
        <textarea
          lang="ru"
          required
          rows={4}
          maxLength={VOTE_FORM_LIMITS.proposalText}
          value={textRu}
          onChange={(e) => setTextRu(e.target.value)}
        />
      </label>
      <label>
        {t('votes.form.sponsor')}
        <select value={sponsor} onChange={(e) => setSponsor(e.target.value)}>
          <option value="">{t('votes.form.noSponsor')}</option>
          {meeting.roster.delegationOrder.map((id) => (
            <option key={id} value={id}>
              {meeting.roster.delegations[id]?.name[lang] ?? id}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('votes.form.documents')}</legend>
        {docs.map((d, i) => (
          <div key={i} className="doc-row">
            <input
              type="url"
              required
              placeholder="https://…"
              aria-label={t('votes.form.docUrl')}
              maxLength={VOTE_FORM_LIMITS.url}
              value={d.url}
              onChange={(e) => setDoc(i, { url: e.target.value })}
            />
            <input
              lang="en"
              required
              aria-label={t('votes.form.docTitleEn')}
              placeholder={t('votes.form.docTitleEn')}
              value={d.en}
              onChange={(e) => setDoc(i, { en: e.target.value })}
            />
            <input
              lang="ru"
              required
              aria-label={t('votes.form.docTitleRu')}
              placeholder={t('votes.form.docTitleRu')}
              value={d.ru}
              onChange={(e) => setDoc(i, { ru: e.target.value })}
            />
            <button type="button" className="small" onClick={() => setDocs(docs.filter((_, j) => j !== i))}>
              {t('votes.form.remove')}
            </button>
          </div>
        ))}
        {docs.length < VOTE_FORM_LIMITS.documents ? (
          <button type="button" className="small" onClick={() => setDocs([...docs, { url: '', en: '', ru: '' }])}>
            {t('votes.form.addDocument')}
          </button>
        ) : null}
      </fieldset>
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
