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
import { currentLang } from '../i18n.js';
import { useServerNow } from '../live/hooks.js';
import { useCommands } from '../live/use-commands.js';
import { AddItemForm } from './ChairConsole.js';
import type { ViewProps } from './view-props.js';

/** The secretariat follows the meeting, prepares the agenda (add, reorder, edit items) and keeps the list of delegations and their links. */
export function SecretariatView({ live, snapshot, session }: ViewProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const lang = currentLang(i18n.resolvedLanguage);
  const { run, error, clearError } = useCommands(live);
  const now = useServerNow(snapshot.clockOffset);
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  const editable = meeting.meta.status !== 'closed';
  return (
    <main id="main" className="layout layout-chair">
      <div className="column-main">
        <ErrorBanner error={error} onDismiss={clearError} />
        <CurrentItem meeting={meeting} now={now} langs={[lang]} />
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} lang={lang} />
        <SpeakerNow meeting={meeting} now={now} langs={[lang]} />
        <QueueList meeting={meeting} lang={lang} />
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
                  lang={lang}
                  onMove={(toIndex) => void run({ type: 'agenda.move', itemId: item.id, toIndex })}
                />
                <button
                  type="button"
                  className="small"
                  data-testid={`edit-item-${item.id}`}
                  aria-expanded={editing === item.id}
                  aria-label={`${t('prepare.edit')}: ${item.title[lang]}`}
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
        <RosterPanel meeting={meeting} run={run} />
      </div>
      <aside className="column-side">
        <PresencePanel meeting={meeting} presence={snapshot.presence} />
        <MinutesDownload meeting={meeting} />
      </aside>
    </main>
  );
}
