import { useTranslation } from 'react-i18next';
import type { ConnectionStatus, Degraded } from '../live/live-meeting.js';

/**
 * The connection, and how many of the viewer's actions wait in the outbox (never lost silently).
 * Live but degraded (the server cannot reach the others, or cannot store), it says so instead of
 * a plain "Live": what others do may arrive late, or what this viewer does waits.
 */
export function ConnectionIndicator({
  status,
  pending = 0,
  degraded = { peers: false, store: false },
}: {
  status: ConnectionStatus;
  pending?: number;
  degraded?: Degraded;
}) {
  const { t } = useTranslation();
  const shown = status !== 'live' ? null : degraded.store ? 'store' : degraded.peers ? 'peers' : null;
  return (
    <span
      className={`connection connection-${status}${shown ? ' connection-degraded' : ''}`}
      role="status"
      data-testid="connection"
      data-status={status}
      data-degraded={shown ?? undefined}
    >
      <span className="dot" aria-hidden="true" />
      {shown === 'store'
        ? t('connection.degradedStore')
        : shown === 'peers'
          ? t('connection.degradedPeers')
          : t(`connection.${status}`)}
      {pending > 0 ? (
        <span className="outbox" data-testid="outbox" data-count={pending} title={t('connection.pendingHint')}>
          {' · '}
          {t('connection.pending', { count: pending })}
        </span>
      ) : null}
    </span>
  );
}
