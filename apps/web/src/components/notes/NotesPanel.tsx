import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notesTextName, orderedItems, readingLanguage, type Lang, type MeetingState } from '@rostrum/core';
import { takeToken } from '../../session.js';
import { dirOf, useReading, useTextOf } from '../MeetingText.js';
import { languageName } from '../text-fields.js';
import { NotesEditor } from './NotesEditor.js';
import { useNotesConnection, useNotesStatus } from './notes-connection.js';
import './notes.css';

/**
 * The secretariat's live notes, one text per agenda item and language of the meeting, co-edited
 * by every secretariat member (the chair reads them). By default the panel follows the item under
 * way; picking another item stops following until the box is ticked again. Notes are written in
 * each language, never translated by Rostrum: the picker starts on the reader's reading language,
 * and each language has its own text (and its own section of the minutes in that language).
 */
export function NotesPanel({ meeting, readOnly }: { meeting: MeetingState; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const textOf = useTextOf();
  const { reader } = useReading();
  const languages = meeting.meta.languages;
  /** Chosen by the reader; null: the reading language (which follows the interface language). */
  const [chosen, setChosen] = useState<Lang | null>(null);
  const lang: Lang = chosen !== null && languages.includes(chosen) ? chosen : readingLanguage(reader, languages);
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const conn = useNotesConnection(meetingId, token);
  const status = useNotesStatus(conn);
  const items = orderedItems(meeting);
  const [follow, setFollow] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const itemId = (follow ? meeting.current.itemId : null) ?? picked ?? meeting.current.itemId ?? items[0]?.id ?? null;
  const textName = itemId === null ? null : notesTextName(itemId, lang, languages);
  const text = useMemo(() => (conn && textName !== null ? conn.doc.getText(textName) : null), [conn, textName]);
  const item = itemId === null ? undefined : meeting.agenda.items[itemId];

  return (
    <section
      className="notes"
      aria-labelledby="notes-heading"
      data-testid="notes"
      data-status={status}
      data-item-id={itemId ?? ''}
      data-lang={lang}
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
                {index + 1}. {textOf(i.title)}
              </option>
            ))}
          </select>
        </label>
        {languages.length > 1 ? (
          <label>
            {t('notes.language')}
            <select
              data-testid="notes-lang"
              value={lang}
              onChange={(e) => setChosen(languages.find((l) => l === e.target.value) ?? null)}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageName(t(`text.lang.${l}`), i18n.resolvedLanguage)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
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
          key={textName}
          text={text}
          lang={lang}
          dir={dirOf(lang)}
          readOnly={readOnly}
          label={t('notes.editorLabelIn', { item: textOf(item.title), language: t(`text.lang.${lang}`) })}
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
