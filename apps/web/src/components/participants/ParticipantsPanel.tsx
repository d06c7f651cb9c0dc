import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang, type MeetingState, type ProtocolError } from '@rostrum/core';
import { takeToken } from '../../session.js';
import { useConfirm } from '../Dialog.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { useTextOf } from '../MeetingText.js';
import { fetchFile, saveBlob } from '../minutes/download.js';
import {
  addParticipant,
  deleteParticipant,
  loadParticipants,
  participantsCsvUrl,
  updateParticipant,
  type ParticipantList,
  type ParticipantRow,
  type PersonFields,
  type SeatRow,
  type WriteResult,
} from './participants-api.js';
import { groupParticipants, type PanelGroup, type PanelLine } from './participants-groups.js';
import { PersonForm, problemsOf, type FieldProblems } from './PersonForm.js';
import './participants.css';

/** While the panel is on screen the list is read again this often (a delegate may be typing theirs). */
const REFRESH_MS = 10_000;

/** Which form is open: a person's edit, a seat's new person, or a delegation's extra person. */
type Editing =
  { kind: 'edit'; id: string } | { kind: 'seat'; seatKey: string } | { kind: 'extra'; delegationId: string };

const sameEditing = (a: Editing | null, b: Editing) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The secretariat's list of participants: per delegation its head's and deputy's seats with the
 * person holding each (entered here or by the delegate), the extra people it registered, and the
 * other links (chair, presenters, secretariat, observer). A person is edited in place, added to a
 * seat or to a delegation, deleted; the whole list is exported as CSV. Read from the server (never
 * from the meeting's document: emails are private), again every few seconds and after each change.
 */
export function ParticipantsPanel({ meeting }: { meeting: MeetingState }) {
  const { t, i18n } = useTranslation();
  const textOf = useTextOf();
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const [list, setList] = useState<ParticipantList | 'failed' | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [exporting, setExporting] = useState(false);
  const { confirm, dialog } = useConfirm();

  const load = useCallback(async () => {
    if (!token) return setList('failed');
    setList((await loadParticipants(meetingId, token)) ?? 'failed');
  }, [meetingId, token]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const groups = useMemo(
    () => (list && list !== 'failed' ? groupParticipants(list, meeting.roster.delegationOrder) : []),
    [list, meeting.roster.delegationOrder],
  );
  const total = list && list !== 'failed' ? list.participants.length : 0;
  const original: Lang = meeting.meta.languages[0] ?? 'en';

  /** After a write: the list again; a refusal of the form's fields goes back to the form, others to the banner. */
  const after = async (res: WriteResult): Promise<FieldProblems | null> => {
    if (res.ok) {
      setEditing(null);
      await load();
      return null;
    }
    const fields = problemsOf(res.issues);
    if (Object.keys(fields).length > 0) return fields;
    setError(res.error);
    return {};
  };

  const groupName = (g: PanelGroup) => {
    if (g.delegationId === null) return t('participants.otherLinks');
    const d = meeting.roster.delegations[g.delegationId];
    return d ? textOf(d.name) : g.delegationId;
  };
  const seatName = (s: SeatRow) => {
    switch (s.role) {
      case 'delegate':
        return t(`participants.seat.${s.seat === 'deputy' ? 'deputy' : 'head'}`);
      case 'presenter': {
        const p = s.presenterId ? meeting.roster.presenters[s.presenterId] : undefined;
        return p ? `${t('roles.presenter')}: ${textOf(p.name)}` : t('roles.presenter');
      }
      default:
        return t(`roles.${s.role}`);
    }
  };

  const exportCsv = async () => {
    if (!token) return;
    setExporting(true);
    const lang = LANGUAGES.find((l) => l === i18n.language.slice(0, 2)) ?? original;
    const res = await fetchFile(
      participantsCsvUrl(meetingId, lang),
      token,
      () => undefined,
      new AbortController().signal,
      `participants-${meetingId}.csv`,
    );
    setExporting(false);
    if (res.ok) saveBlob(res.blob, res.filename);
    else setError({ code: res.code === 'forbidden' ? 'forbidden' : 'internal', message: '' });
  };

  const remove = async (p: ParticipantRow) => {
    if (!token) return;
    const ok = await confirm({
      title: t('participants.deleteTitle'),
      message: t('participants.deleteMessage', { name: p.name }),
      confirmLabel: t('participants.delete'),
    });
    if (ok) await after(await deleteParticipant(meetingId, token, p.id));
  };

  const fieldsOf = (p: ParticipantRow | null): PersonFields =>
    p
      ? { name: p.name, title: p.title, email: p.email ?? '', language: p.language }
      : { name: '', title: '', email: '', language: original };

  const personText = (p: ParticipantRow) => (
    <>
      <span className="participants-name" data-testid="participant-name">
        {p.name}
      </span>
      {p.title ? <span data-testid="participant-title">{p.title}</span> : null}
      {p.email ? (
        <span className="participants-email muted" dir="ltr">
          {p.email}
        </span>
      ) : null}
      <span className="muted" data-testid="participant-entered-by" data-entered-by={p.enteredBy}>
        {t(`participants.enteredBy.${p.enteredBy}`)}
      </span>
    </>
  );

  const personActions = (p: ParticipantRow) => (
    <span className="participants-actions">
      <button
        type="button"
        className="small"
        aria-expanded={sameEditing(editing, { kind: 'edit', id: p.id })}
        aria-label={`${t('participants.edit')}: ${p.name}`}
        onClick={() => setEditing(sameEditing(editing, { kind: 'edit', id: p.id }) ? null : { kind: 'edit', id: p.id })}
        data-testid="participant-edit"
      >
        {t('participants.edit')}
      </button>
      <button
        type="button"
        className="small"
        aria-label={`${t('participants.delete')}: ${p.name}`}
        onClick={() => void remove(p)}
        data-testid="participant-delete"
      >
        {t('participants.delete')}
      </button>
    </span>
  );

  const editForm = (p: ParticipantRow) =>
    token && sameEditing(editing, { kind: 'edit', id: p.id }) ? (
      <PersonForm
        initial={fieldsOf(p)}
        testId="participant-form"
        submitLabel={t('participants.save')}
        onSubmit={async (f) => after(await updateParticipant(meetingId, token, p.id, f))}
        onCancel={() => setEditing(null)}
      />
    ) : null;

  const line = (l: PanelLine) => {
    if (l.kind === 'extra') {
      return (
        <li key={l.person.id} className="participants-line" data-testid="participant-line" data-seat="extra">
          <span className="participants-seat">{t('participants.seat.extra')}</span>
          {personText(l.person)}
          {personActions(l.person)}
          {editForm(l.person)}
        </li>
      );
    }
    const { seat, person } = l;
    const adding: Editing = { kind: 'seat', seatKey: seat.seatKey };
    return (
      <li key={seat.seatKey} className="participants-line" data-testid="participant-line" data-seat={seat.seatKey}>
        <span className="participants-seat">
          {seatName(seat)}
          {seat.live ? null : <span className="muted"> ({t('participants.linkRevoked')})</span>}
        </span>
        {person ? (
          <>
            {personText(person)}
            {personActions(person)}
            {editForm(person)}
          </>
        ) : (
          <>
            <span className="muted">{t('participants.noOne')}</span>
            <span className="participants-actions">
              <button
                type="button"
                className="small"
                aria-expanded={sameEditing(editing, adding)}
                aria-label={`${t('participants.name')}: ${seatName(seat)}`}
                onClick={() => setEditing(sameEditing(editing, adding) ? null : adding)}
                data-testid="participant-name-seat"
              >
                {t('participants.name')}
              </button>
            </span>
            {token && sameEditing(editing, adding) ? (
              <PersonForm
                initial={fieldsOf(null)}
                testId="participant-form"
                submitLabel={t('participants.save')}
                onSubmit={async (f) =>
                  after(await addParticipant(meetingId, token, { seatKey: seat.seatKey, delegationId: null }, f))
                }
                onCancel={() => setEditing(null)}
              />
            ) : null}
          </>
        )}
      </li>
    );
  };

  return (
    <section className="participants" aria-labelledby="participants-heading" data-testid="participants-panel">
      <h2 id="participants-heading">{t('participants.title')}</h2>
      <p className="muted" data-testid="participants-count">
        {t('participants.count', { count: total })}
      </p>
      <div className="participants-tools">
        <button type="button" onClick={() => void exportCsv()} disabled={exporting} data-testid="participants-export">
          {t('participants.export')}
        </button>
        <button type="button" className="small" onClick={() => void load()} data-testid="participants-refresh">
          {t('participants.refresh')}
        </button>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {list === 'failed' ? (
        <p className="field-error" role="alert">
          {t('participants.loadFailed')}
        </p>
      ) : null}
      {groups.map((g) => {
        const extra: Editing | null = g.delegationId ? { kind: 'extra', delegationId: g.delegationId } : null;
        const key = g.delegationId ?? 'other-links';
        return (
          <details key={key} className="participants-group" data-testid={`participants-group-${key}`}>
            <summary>
              {groupName(g)} <span className="muted">({t('participants.people', { count: g.people })})</span>
            </summary>
            <ul className="participants-lines">{g.lines.map(line)}</ul>
            {extra && token ? (
              sameEditing(editing, extra) ? (
                <PersonForm
                  initial={fieldsOf(null)}
                  testId="participant-extra-form"
                  submitLabel={t('participants.add')}
                  onSubmit={async (f) =>
                    after(await addParticipant(meetingId, token, { seatKey: null, delegationId: g.delegationId }, f))
                  }
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <button
                  type="button"
                  className="small"
                  onClick={() => setEditing(extra)}
                  data-testid="participant-add-extra"
                >
                  {t('participants.addExtra')}
                </button>
              )
            ) : null}
          </details>
        );
      })}
      {dialog}
    </section>
  );
}
