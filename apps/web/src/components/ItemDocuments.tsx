import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import { takeToken } from '../session.js';
import { documentFiles } from './documents/document-files.js';
import { FileDownload } from './documents/FileDownload.js';
import { Txt, useReading, useTextOf } from './MeetingText.js';

/** The documents of an agenda item, as links and downloads every participant can open beside the call. */
export function ItemDocuments({ meeting, itemId }: { meeting: MeetingState; itemId: string | null }) {
  const { t } = useTranslation();
  const item = itemId === null ? undefined : meeting.agenda.items[itemId];
  if (!item || item.documents.length === 0) return null;
  return (
    <section className="item-documents" aria-labelledby={`docs-${item.id}`} data-testid={`item-documents-${item.id}`}>
      <h2 id={`docs-${item.id}`} className="eyebrow">
        {t('documents.title')}
      </h2>
      <DocumentLinks meetingId={meeting.meta.id} documents={item.documents} />
    </section>
  );
}

/**
 * Each document: its title (a link when it has one), then its files, the reader's language's
 * first (else the original's), the others after it, each named in its own language.
 */
export function DocumentLinks({
  meetingId,
  documents,
}: {
  meetingId: string;
  documents: MeetingState['agenda']['items'][string]['documents'];
}) {
  const { t } = useTranslation();
  const { reader, languages } = useReading();
  const textOf = useTextOf();
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  return (
    <ul className="documents">
      {documents.map((d, i) => (
        // Documents have no id; their place is what commands name them by, too.
        <li key={i} data-testid={`document-${i}`}>
          {d.url === undefined ? (
            <Txt text={d.title} />
          ) : (
            // Opens beside Rostrum: the live view keeps running in its own tab.
            <a href={d.url} target="_blank" rel="noreferrer noopener">
              <Txt text={d.title} />
              <span className="visually-hidden"> ({t('documents.newTab')})</span>
            </a>
          )}
          {documentFiles(d.files, reader, languages).map(({ lang, file }) => (
            <FileDownload
              key={lang}
              meetingId={meetingId}
              token={token}
              file={file}
              version={lang}
              documentTitle={textOf(d.title)}
              testId={`doc-${i}-download-${lang}`}
            />
          ))}
        </li>
      ))}
    </ul>
  );
}
