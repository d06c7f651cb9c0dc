import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notesTextName, orderedItems, type MeetingState } from '@rostrum/core';
import { currentLang } from '../../i18n.js';
import { takeToken } from '../../session.js';
import { NotesEditor } from './NotesEditor.js';
import { useNotesConnection, useNotesStatus } from './notes-connection.js';
import './notes.css';

/**
 * The secretariat's live notes, one text per agenda item, co-edited by every secretariat
 * member (the chair reads them). By default the panel follows the item under way; picking
 * another item stops following until the box is ticked again.
 */
export function NotesPanel({ meeting, readOnly }: { meeting: MeetingState; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const conn = useNotesConnection(meetingId, token);
  const status = useNotesStatus(conn);
  const items = orderedItems(meeting);
  const [follow, setFollow] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const itemId = (follow ? meeting.current.itemId : null) ?? picked ?? meeting.current.itemId ?? items[0]?.id ?? null;
  const text = useMemo(
    () => (conn && itemId !== null ? conn.doc.getText(notesTextName(itemId)) : null),
    [conn, itemId],
  );
  const item = itemId === null ? undefined : meeting.agenda.items[itemId];

  return (
    <section
      className="notes"
      aria-labelledby="notes-heading"
      data-testid="notes"
      data-status={status}
      data-item-id={itemId ?? ''}
    >
      <div className="notes-head">
        <h2 id="notes-heading">{readOnly ? t('notes.titleReadOnly') : t('notes.title')}</h2>
        <span
          className={`connection connection-${status === 'live' ? 'live' : status === 'refused' ? 'refused' : 'reconnecting'}`}
          role="status"
          data-testid="notes-status"
        >
          <span className="dot" aria-hidden="true" />
          {t(`notes.status.${status}`)}
        </span>
      </div>
      <div className="notes-controls">
        <label>
          {t('notes.item')}
          <select
            data-testid="notes-item"
            value={itemId ?? ''}
            onChange={(e) => {
              setPicked(e.target.value);
              setFollow(e.target.value === meeting.current.itemId);
            }}
          >
            {items.map((i, index) => (
              <option key={i.id} value={i.id}>
                {index + 1}. {i.title[lang]}
              </option>
            ))}
          </select>
        </label>
        <label className="notes-follow">
          <input
            type="checkbox"
            checked={follow}
            data-testid="notes-follow"
            onChange={(e) => {
              setFollow(e.target.checked);
              if (!e.target.checked) setPicked(itemId);
            }}
          />
          {t('notes.follow')}
        </label>
      </div>
      {text && item ? (
        <NotesEditor
          text={text}
          readOnly={readOnly}
          label={t('notes.editorLabel', { item: item.title[lang] })}
          placeholder={readOnly ? t('notes.emptyReadOnly') : t('notes.placeholder')}
        />
      ) : (
        <p className="muted">{status === 'refused' ? t('notes.status.refused') : t('app.loading')}</p>
      )}
      <p className="muted small">
        {readOnly ? t('notes.readOnlyHint') : status === 'offline' ? t('notes.offlineHint') : t('notes.sharedHint')}
      </p>
    </section>
  );
}
