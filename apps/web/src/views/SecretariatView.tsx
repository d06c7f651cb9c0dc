import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemEditor } from '../components/ItemEditor.js';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { ItemDocuments } from '../components/ItemDocuments.js';
import { QueueList } from '../components/floor/QueueList.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { VotesSection } from '../components/votes/VotesSection.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { MeetingClock } from '../components/MeetingClock.js';
import { MoveButtons } from '../components/MoveButtons.js';
import { PresencePanel } from '../components/PresencePanel.js';
import { MinutesDownload } from '../components/minutes/MinutesDownload.js';
import { NotesPanel } from '../components/notes/NotesPanel.js';
import { RosterPanel } from '../components/roster/RosterPanel.js';
import { InvitationsPanel } from '../components/invitations/InvitationsPanel.js';
import { ParticipantsPanel } from '../components/participants/ParticipantsPanel.js';
import { MeetingDetailsPanel } from '../components/meeting/MeetingDetailsPanel.js';
import { AddItemForm } from '../components/AddItemForm.js';
import { useTextOf } from '../components/MeetingText.js';
import { TranslationsPanel } from '../components/translations/TranslationsPanel.js';
import { useServerNow } from '../live/hooks.js';
import { useCommands } from '../live/use-commands.js';
import type { ViewProps } from './view-props.js';

/**
 * The secretariat follows the meeting, prepares the agenda (add, reorder, edit items), keeps the
 * list of delegations and their links, and translates the meeting's texts into its languages.
 */
export function SecretariatView({ live, snapshot, session }: ViewProps) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const [editing, setEditing] = useState<string | null>(null);
  const { run, error, clearError } = useCommands(live);
  const now = useServerNow(snapshot.clockOffset);
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  const editable = meeting.meta.status !== 'closed';
  return (
    <main id="main" className="layout layout-chair">
      <div className="column-main">
        <ErrorBanner error={error} onDismiss={clearError} />
        <CurrentItem meeting={meeting} now={now} />
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} />
        <SpeakerNow meeting={meeting} now={now} />
        <QueueList meeting={meeting} />
        <NotesPanel meeting={meeting} readOnly={false} />
        <MeetingClock meeting={meeting} now={now} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="secretariat" />
        <AgendaList
          meeting={meeting}
          now={now}
          actions={(item, index, count) =>
            editable ? (
              <>
                <MoveButtons
                  item={item}
                  index={index}
                  count={count}
                  onMove={(toIndex) => void run({ type: 'agenda.move', itemId: item.id, toIndex })}
                />
                <button
                  type="button"
                  className="small"
                  data-testid={`edit-item-${item.id}`}
                  aria-expanded={editing === item.id}
                  aria-label={`${t('prepare.edit')}: ${textOf(item.title)}`}
                  onClick={() => setEditing(editing === item.id ? null : item.id)}
                >
                  {t('prepare.edit')}
                </button>
                {editing === item.id ? (
                  <ItemEditor meetingId={meeting.meta.id} item={item} run={run} onDone={() => setEditing(null)} />
                ) : null}
              </>
            ) : null
          }
        />
        {editable ? (
          <AddItemForm onAdd={(title, minutes) => run({ type: 'agenda.add', title, plannedMinutes: minutes })} />
        ) : null}
        <TranslationsPanel live={live} meeting={meeting} />
        <MeetingDetailsPanel meeting={meeting} run={run} />
        <RosterPanel meeting={meeting} run={run} />
        <InvitationsPanel meeting={meeting} />
        <ParticipantsPanel meeting={meeting} />
      </div>
      <aside className="column-side">
        <PresencePanel meeting={meeting} presence={snapshot.presence} />
        <MinutesDownload meeting={meeting} />
      </aside>
    </main>
  );
}
