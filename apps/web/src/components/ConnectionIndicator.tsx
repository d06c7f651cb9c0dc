import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../live/live-meeting.js';

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`connection connection-${status}`} role="status" data-testid="connection" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {t(`connection.${status}`)}
    </span>
  );
}
