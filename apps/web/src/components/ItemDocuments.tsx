import { useTranslation } from 'react-i18next';
import type { Lang, MeetingState } from '@rostrum/core';

/** The documents of an agenda item, as links every participant can open beside the call. */
export function ItemDocuments({ meeting, itemId, lang }: { meeting: MeetingState; itemId: string | null; lang: Lang }) {
  const { t } = useTranslation();
  const item = itemId === null ? undefined : meeting.agenda.items[itemId];
  if (!item || item.documents.length === 0) return null;
  return (
    <section className="item-documents" aria-labelledby={`docs-${item.id}`} data-testid={`item-documents-${item.id}`}>
      <h2 id={`docs-${item.id}`} className="eyebrow">
        {t('documents.title')}
      </h2>
      <DocumentLinks documents={item.documents} lang={lang} />
    </section>
  );
}

export function DocumentLinks({ documents, lang }: { documents: MeetingState['agenda']['items'][string]['documents']; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <ul className="documents">
      {documents.map((d) => (
        <li key={d.url}>
          {/* Opens beside Rostrum: the live view keeps running in its own tab. */}
          <a href={d.url} target="_blank" rel="noreferrer noopener">
            {d.title[lang]}
            <span className="visually-hidden"> ({t('documents.newTab')})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
