import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang, type MeetingState } from '@rostrum/core';
import { takeToken } from '../session.js';
import { FileDownload } from './documents/FileDownload.js';

/** The documents of an agenda item, as links and downloads every participant can open beside the call. */
export function ItemDocuments({ meeting, itemId, lang }: { meeting: MeetingState; itemId: string | null; lang: Lang }) {
  const { t } = useTranslation();
  const item = itemId === null ? undefined : meeting.agenda.items[itemId];
  if (!item || item.documents.length === 0) return null;
  return (
    <section className="item-documents" aria-labelledby={`docs-${item.id}`} data-testid={`item-documents-${item.id}`}>
      <h2 id={`docs-${item.id}`} className="eyebrow">
        {t('documents.title')}
      </h2>
      <DocumentLinks meetingId={meeting.meta.id} documents={item.documents} lang={lang} />
    </section>
  );
}

export function DocumentLinks({
  meetingId,
  documents,
  lang,
}: {
  meetingId: string;
  documents: MeetingState['agenda']['items'][string]['documents'];
  lang: Lang;
}) {
  const { t } = useTranslation();
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  return (
    <ul className="documents">
      {documents.map((d, i) => (
        <li key={`${i}-${d.title.en}`}>
          {d.url === undefined ? (
            <span>{d.title[lang]}</span>
          ) : (
            // Opens beside Rostrum: the live view keeps running in its own tab.
            <a href={d.url} target="_blank" rel="noreferrer noopener">
              {d.title[lang]}
              <span className="visually-hidden"> ({t('documents.newTab')})</span>
            </a>
          )}
          {LANGUAGES.map((version) => {
            const file = d.files?.[version];
            return file ? (
              <FileDownload
                key={version}
                meetingId={meetingId}
                token={token}
                file={file}
                version={version}
                documentTitle={d.title[lang]}
                testId={`doc-${i}-download-${version}`}
              />
            ) : null;
          })}
        </li>
      ))}
    </ul>
  );
}
