import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { queuedEntries, type MeetingState, type QueueEntry } from '@rostrum/core';
import { Txt } from '../MeetingText.js';
import { speakerName, UNKNOWN_SPEAKER } from './speaker-name.js';

type Props = {
  meeting: MeetingState;
  /** Show only the first `limit` entries (the delegate sees the next two). */
  limit?: number;
  highlightDelegation?: string | null;
  actions?: (entry: QueueEntry, index: number, count: number) => ReactNode;
  onKey?: (entry: QueueEntry, e: KeyboardEvent<HTMLLIElement>) => void;
};

/** The speaker list of the item under way, in queue order. */
export function QueueList({ meeting, limit, highlightDelegation = null, actions, onKey }: Props) {
  const { t } = useTranslation();
  const itemId = meeting.current.itemId;
  const list = itemId === null ? undefined : meeting.floor.lists[itemId];
  const all = queuedEntries(list);
  const entries = limit === undefined ? all : all.slice(0, limit);
  return (
    <div className="queue">
      <p className="muted small">
        {t('floor.waiting', { count: all.length })}
        {list && !list.open ? <span data-testid="list-closed"> · {t('floor.listClosed')}</span> : null}
      </p>
      {entries.length === 0 ? (
        <p className="muted">{t('floor.queueEmpty')}</p>
      ) : (
        <ol className="queue-list" data-testid="queue">
          {entries.map((entry, index) => (
            <li
              key={entry.id}
              data-testid={`queue-entry-${entry.delegationId ?? entry.presenterId ?? entry.id}`}
              data-kind={entry.kind}
              className={`queue-entry kind-${entry.kind} ${entry.delegationId !== null && entry.delegationId === highlightDelegation ? 'mine' : ''}`}
              tabIndex={onKey ? 0 : undefined}
              onKeyDown={onKey ? (e) => onKey(entry, e) : undefined}
            >
              <span>
                <span className="queue-place">{index + 1}.</span> <SpeakerName meeting={meeting} entry={entry} />{' '}
                <span className={`badge kind-badge-${entry.kind}`}>{t(`floor.kind.${entry.kind}`)}</span>
              </span>
              {actions ? <span className="queue-actions">{actions(entry, index, all.length)}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function SpeakerName({ meeting, entry }: { meeting: MeetingState; entry: QueueEntry }) {
  const name = speakerName(meeting, entry);
  return name ? <Txt text={name} /> : <>{UNKNOWN_SPEAKER}</>;
}
