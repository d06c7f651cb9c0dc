import { useTranslation } from 'react-i18next';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { ItemDocuments } from '../components/ItemDocuments.js';
import { DelegateFloor } from '../components/floor/DelegateFloor.js';
import { VotesSection } from '../components/votes/VotesSection.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { useCommands } from '../live/use-commands.js';
import { MeetingClock } from '../components/MeetingClock.js';
import { useTextOf } from '../components/MeetingText.js';
import { useServerNow } from '../live/hooks.js';
import type { ViewProps } from './view-props.js';

/** What a delegate (or presenter) follows: the item under way, the clock and the agenda. No chair controls. */
export function DelegateView({ live, snapshot, session }: ViewProps) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const { run, error, clearError } = useCommands(live);
  const now = useServerNow(snapshot.clockOffset);
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  const delegation = session.delegationId ? meeting.roster.delegations[session.delegationId] : undefined;
  return (
    <main id="main" className="layout layout-delegate">
      <div className="column-main">
        {delegation ? (
          <p className="you" data-testid="you-represent">
            {t('meeting.youRepresent', { delegation: textOf(delegation.name) })}
          </p>
        ) : null}
        <ErrorBanner error={error} onDismiss={clearError} />
        <CurrentItem meeting={meeting} now={now} />
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} />
        <SpeakerNow meeting={meeting} now={now} />
        <DelegateFloor
          meeting={meeting}
          delegationId={session.delegationId}
          run={run}
          pending={snapshot.pending}
          connection={snapshot.connection}
        />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="delegate" />
        <MeetingClock meeting={meeting} now={now} />
        <AgendaList meeting={meeting} now={now} />
      </div>
    </main>
  );
}
