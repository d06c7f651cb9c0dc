import { useTranslation } from 'react-i18next';
import type { MeetingState, PresenceSnapshot } from '@rostrum/core';
import { Txt } from './MeetingText.js';

/** Which delegations are connected: aggregated and throttled by the server. */
export function PresencePanel({
  meeting,
  presence,
  compact = false,
}: {
  meeting: MeetingState;
  presence: PresenceSnapshot | null;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const online = new Set(presence?.delegations ?? []);
  const order = meeting.roster.delegationOrder;
  const list = (
    <ul className="presence-list">
      {order.map((id) => {
        const d = meeting.roster.delegations[id];
        if (!d) return null;
        const isOnline = online.has(id);
        return (
          <li
            key={id}
            className={isOnline ? 'online' : 'offline'}
            data-testid={`presence-${id}`}
            data-online={isOnline}
          >
            <span className="dot" aria-hidden="true" />
            <Txt text={d.name} />
            <span className="visually-hidden"> ({isOnline ? t('presence.online') : t('presence.offline')})</span>
          </li>
        );
      })}
    </ul>
  );
  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading">{t('presence.title')}</h2>
      <p data-testid="presence-count">{t('presence.delegations', { count: online.size, total: order.length })}</p>
      <p className="muted small">{t('presence.observers', { count: presence?.connections.observer ?? 0 })}</p>
      {compact ? (
        // The chair needs the count at a glance; the 53 names only on demand.
        <details>
          <summary>{t('presence.showList')}</summary>
          {list}
        </details>
      ) : (
        list
      )}
    </section>
  );
}
