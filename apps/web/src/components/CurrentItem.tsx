import { useTranslation } from 'react-i18next';
import { currentItem, itemActualMs, itemOverrunMs, type Lang, type MeetingState } from '@rostrum/core';
import { formatDuration } from '../format.js';
import { TextLines } from './MeetingText.js';

/** The item under way, announced to screen readers when it changes. */
export function CurrentItem({
  meeting,
  now,
  langs,
  large = false,
}: {
  meeting: MeetingState;
  now: number;
  /** The languages a projector shows; by default the reader's. */
  langs?: Lang[];
  large?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const item = currentItem(meeting);
  const number = item ? meeting.agenda.order.indexOf(item.id) + 1 : 0;
  let empty = t('agenda.noCurrent');
  if (meeting.meta.status === 'scheduled') empty = t('agenda.waitingToOpen');
  if (meeting.meta.status === 'closed') empty = t('agenda.meetingClosed');
  const overrun = item ? itemOverrunMs(item, now) : 0;
  return (
    <section className={`current ${large ? 'current-large' : ''}`} aria-labelledby="current-heading">
      <h2 id="current-heading" className="eyebrow">
        {t('agenda.current')}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {item ? (
          <div data-testid="current-item" data-item-id={item.id}>
            <p className="muted">{t('agenda.itemNumber', { number })}</p>
            <TextLines text={item.title} langs={langs} className="current-title" />
          </div>
        ) : (
          <p data-testid="current-item" data-item-id="" className="current-title muted">
            {empty}
          </p>
        )}
      </div>
      {item ? (
        <p className={`timer tabular ${overrun > 0 ? 'over' : ''}`} data-testid="item-timer">
          {formatDuration(itemActualMs(item, now), i18n.language)} /{' '}
          {formatDuration(item.plannedMinutes * 60_000, i18n.language)}
          {overrun > 0 ? ` · ${t('agenda.over', { duration: formatDuration(overrun, i18n.language) })}` : ''}
        </p>
      ) : null}
    </section>
  );
}
