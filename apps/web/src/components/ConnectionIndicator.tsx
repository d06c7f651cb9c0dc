import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../live/live-meeting.js';

/** The connection, and how many of the viewer's actions wait in the outbox (never lost silently). */
export function ConnectionIndicator({ status, pending = 0 }: { status: ConnectionStatus; pending?: number }) {
  const { t } = useTranslation();
  return (
    <span className={`connection connection-${status}`} role="status" data-testid="connection" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {t(`connection.${status}`)}
      {pending > 0 ? (
        <span className="outbox" data-testid="outbox" data-count={pending} title={t('connection.pendingHint')}>
          {' · '}
          {t('connection.pending', { count: pending })}
        </span>
      ) : null}
    </span>
  );
}
