import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { itemActualMs, itemOverrunMs, orderedItems, type AgendaItemState, type MeetingState } from '@rostrum/core';
import { formatDuration } from '../format.js';
import { DocumentLinks } from './ItemDocuments.js';
import { Txt, useTextOf } from './MeetingText.js';

type Props = {
  meeting: MeetingState;
  now: number;
  actions?: (item: AgendaItemState, index: number, count: number) => ReactNode;
  /** Denser rows (the chair's side column). */
  compact?: boolean;
};

function timing(
  item: AgendaItemState,
  now: number,
  t: (k: string, o?: Record<string, unknown>) => string,
  ui: string,
): string {
  const planned = t('agenda.planned', { count: item.plannedMinutes });
  if (item.startedAt === null) return planned;
  const actual = formatDuration(itemActualMs(item, now), ui);
  const over = itemOverrunMs(item, now);
  const spent =
    item.status === 'active' ? t('agenda.actual', { duration: actual }) : t('agenda.took', { duration: actual });
  return `${planned} · ${spent}${over > 0 ? ` · ${t('agenda.over', { duration: formatDuration(over, ui) })}` : ''}`;
}

export function AgendaList({ meeting, now, actions, compact = false }: Props) {
  const { t, i18n } = useTranslation();
  const textOf = useTextOf();
  const items = orderedItems(meeting);
  const doneCount = items.filter((i) => i.status === 'done').length;
  return (
    <section className={`agenda ${compact ? 'agenda-compact' : ''}`} aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('agenda.title')}</h2>
      <p className="muted">{t('agenda.itemsDone', { count: doneCount, total: items.length })}</p>
      <ol className="agenda-list">
        {items.map((item, index) => (
          <li
            key={item.id}
            className={`agenda-item status-${item.status}`}
            data-testid={`agenda-item-${item.id}`}
            data-status={item.status}
            aria-current={item.status === 'active' ? 'step' : undefined}
          >
            <div className="agenda-item-main">
              <span className="agenda-number" aria-hidden="true">
                {index + 1}
              </span>
              <div>
                <p className="agenda-title" title={compact ? textOf(item.title) : undefined}>
                  <Txt text={item.title} />
                </p>
                <p className="muted small">
                  <span className={`badge badge-${item.status}`}>{t(`agenda.status.${item.status}`)}</span>{' '}
                  {timing(item, now, t, i18n.language)}
                </p>
                {item.presenterIds.length > 0 && !compact ? (
                  <p className="muted small">
                    {t('agenda.presenters')}:{' '}
                    {item.presenterIds
                      .flatMap((id) => {
                        const presenter = meeting.roster.presenters[id];
                        return presenter ? [presenter] : [];
                      })
                      .map((presenter, i) => (
                        <Fragment key={presenter.id}>
                          {i > 0 ? ', ' : null}
                          <Txt text={presenter.name} />
                        </Fragment>
                      ))}
                  </p>
                ) : null}
                {item.documents.length > 0 && !compact ? (
                  <DocumentLinks meetingId={meeting.meta.id} documents={item.documents} />
                ) : null}
              </div>
            </div>
            {actions ? <div className="agenda-actions">{actions(item, index, items.length)}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
