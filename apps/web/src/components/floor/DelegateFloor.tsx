import { useTranslation } from 'react-i18next';
import { queuedEntries, REQUEST_KINDS, type MeetingState, type RequestKind } from '@rostrum/core';
import type { CommandInput, ConnectionStatus, PendingCommand } from '../../live/live-meeting.js';
import { QueueList } from './QueueList.js';

const ASK_LABEL: Record<RequestKind, string> = {
  statement: 'floor.ask',
  reply: 'floor.askReply',
  point_of_order: 'floor.askPointOfOrder',
};

/** A delegation's side of the floor: the next two speakers, its own place, ask and withdraw. */
export function DelegateFloor({
  meeting,
  delegationId,
  run,
  pending = [],
  connection = 'live',
}: {
  meeting: MeetingState;
  delegationId: string | null;
  run: (c: CommandInput) => Promise<boolean>;
  /** The outbox: a request not yet acknowledged is shown, and not asked twice. */
  pending?: readonly PendingCommand[];
  connection?: ConnectionStatus;
}) {
  const { t } = useTranslation();
  const floorCommands = pending.filter((p) => p.type === 'floor.request' || p.type === 'floor.withdraw');
  // Buttons wait until the request shows in the queue; "sending" is said only until the server has it.
  const requestPending = floorCommands.length > 0;
  const requestUnsent = floorCommands.some((p) => !p.acked);
  const itemId = meeting.current.itemId;
  if (meeting.meta.status !== 'open' || itemId === null) return null;
  const list = meeting.floor.lists[itemId];
  const entries = queuedEntries(list);
  const mine = entries.filter((e) => e.delegationId !== null && e.delegationId === delegationId);
  const firstMine = entries.findIndex((e) => e.delegationId !== null && e.delegationId === delegationId);
  const speakingNow = delegationId !== null && meeting.floor.speaking?.entry.delegationId === delegationId;
  const closed = list !== undefined && !list.open;
  return (
    <section className="floor" aria-labelledby="floor-heading">
      <h2 id="floor-heading">{t('floor.nextSpeakers')}</h2>
      <QueueList meeting={meeting} limit={2} highlightDelegation={delegationId} />
      <p className="your-place" data-testid="your-place" aria-live="polite">
        {speakingNow
          ? t('floor.youSpeak')
          : firstMine >= 0
            ? t('floor.yourPlace', { count: firstMine + 1, ordinal: true })
            : ''}
      </p>
      {requestUnsent ? (
        <p className="muted small" data-testid="request-pending" role="status">
          {connection === 'live' ? t('floor.requestSending') : t('floor.requestWaiting')}
        </p>
      ) : null}
      {delegationId !== null ? (
        <div className="ask">
          {REQUEST_KINDS.map((kind) => {
            const requested = mine.find((e) => e.kind === kind);
            if (requested) {
              return (
                <button
                  key={kind}
                  type="button"
                  data-testid={`withdraw-${kind}`}
                  disabled={requestPending}
                  onClick={() => void run({ type: 'floor.withdraw', entryId: requested.id })}
                >
                  {t('floor.withdraw')}: {t(`floor.kind.${kind}`)}
                </button>
              );
            }
            return (
              <button
                key={kind}
                type="button"
                className={kind === 'statement' ? 'primary' : ''}
                data-testid={`ask-${kind}`}
                disabled={requestPending || (closed && kind !== 'point_of_order')}
                onClick={() => void run({ type: 'floor.request', kind })}
              >
                {t(ASK_LABEL[kind])}
              </button>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
