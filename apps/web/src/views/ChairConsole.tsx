import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentItem, orderedDecisions, type AgendaItemState, type MeetingState } from '@rostrum/core';
import { AddItemForm } from '../components/AddItemForm.js';
import { useConfirm } from '../components/Dialog.js';
import { ItemDocuments } from '../components/ItemDocuments.js';
import { ShortcutsHelp } from '../components/ShortcutsHelp.js';
import { useButtonShortcuts } from '../live/shortcuts.js';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { ChairFloor } from '../components/floor/ChairFloor.js';
import { VotesSection } from '../components/votes/VotesSection.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { MeetingClock } from '../components/MeetingClock.js';
import { MoveButtons } from '../components/MoveButtons.js';
import { PresencePanel } from '../components/PresencePanel.js';
import { MinutesDownload } from '../components/minutes/MinutesDownload.js';
import { MeetingDetailsPanel } from '../components/meeting/MeetingDetailsPanel.js';
import { NotesPanel } from '../components/notes/NotesPanel.js';
import { Txt, useTextOf } from '../components/MeetingText.js';
import { useServerNow } from '../live/hooks.js';
import { useCommands } from '../live/use-commands.js';
import type { ViewProps } from './view-props.js';

/**
 * The chair runs the meeting from here. One screen (1366×900) holds what a chair watches while
 * talking on video: on the left the item, the speaker and the clock, the queue and the poll; on
 * the right the agenda with its times, the last decisions and who is connected. Everything
 * frequent has a key (listed by "?"), and what cannot be undone asks first.
 */
export function ChairConsole({ live, snapshot, session }: ViewProps) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const { run, error, clearError, busy } = useCommands(live);
  const meeting = snapshot.meeting;
  const now = useServerNow(snapshot.clockOffset);
  const [help, setHelp] = useState(false);
  const { confirm, dialog } = useConfirm();
  const extra = useMemo(() => ({ '?': () => setHelp(true) }), []);
  useButtonShortcuts(extra);

  if (!meeting) return null;
  const status = meeting.meta.status;
  const current = currentItem(meeting);
  const isOpen = status === 'open';
  const closeMeeting = async () => {
    if (
      await confirm({
        title: t('chair.closeMeeting'),
        message: t('chair.confirmClose'),
        confirmLabel: t('chair.closeMeeting'),
      })
    )
      void run({ type: 'meeting.close' });
  };
  const defer = async (item: AgendaItemState) => {
    if (
      await confirm({
        title: t('chair.confirmDeferTitle'),
        message: t('chair.confirmDefer', { title: textOf(item.title) }),
        confirmLabel: t('chair.defer'),
      })
    ) {
      void run({ type: 'agenda.defer', itemId: item.id });
    }
  };

  return (
    <main id="main" className="layout layout-console">
      <div className="console-main">
        <ErrorBanner error={error} onDismiss={clearError} />
        <section className="controls console-bar" aria-label={t('chair.console')}>
          {status === 'scheduled' ? (
            <button
              type="button"
              className="primary"
              data-testid="btn-open"
              disabled={busy}
              onClick={() => void run({ type: 'meeting.open' })}
            >
              {t('chair.openMeeting')}
            </button>
          ) : null}
          {isOpen ? (
            <>
              <button
                type="button"
                data-testid="btn-previous"
                aria-keyshortcuts="P"
                data-shortcut="p"
                onClick={() => void run({ type: 'agenda.previous' })}
              >
                {t('chair.previous')}
              </button>
              <button
                type="button"
                className="primary"
                data-testid="btn-next"
                aria-keyshortcuts="N"
                data-shortcut="n"
                onClick={() => void run({ type: 'agenda.next' })}
              >
                {t('chair.next')}
              </button>
              {current ? (
                <button
                  type="button"
                  data-testid="btn-complete"
                  onClick={() => void run({ type: 'agenda.complete', itemId: current.id })}
                >
                  {t('chair.complete')}
                </button>
              ) : null}
              <button type="button" className="danger" data-testid="btn-close" onClick={() => void closeMeeting()}>
                {t('chair.closeMeeting')}
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="ghost"
            data-testid="btn-help"
            aria-keyshortcuts="?"
            aria-haspopup="dialog"
            onClick={() => setHelp(true)}
          >
            {t('shortcuts.button')}
          </button>
          <MeetingClock meeting={meeting} now={now} />
        </section>
        <div className="console-now">
          <CurrentItem meeting={meeting} now={now} />
          <SpeakerNow meeting={meeting} now={now} />
        </div>
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} />
        <ChairFloor meeting={meeting} run={run} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="chair" />
      </div>
      <aside className="console-side" aria-label={t('chair.overview')}>
        <AgendaList
          meeting={meeting}
          now={now}
          compact
          actions={(item, index, count) =>
            status === 'closed' ? null : (
              <>
                {isOpen && item.status !== 'active' ? (
                  <button
                    type="button"
                    className="small"
                    data-testid={`start-${item.id}`}
                    aria-label={`${t('chair.start')}: ${textOf(item.title)}`}
                    onClick={() => void run({ type: 'agenda.start', itemId: item.id })}
                  >
                    {t('chair.start')}
                  </button>
                ) : null}
                {item.status === 'pending' || item.status === 'active' ? (
                  <button
                    type="button"
                    className="small"
                    data-testid={`defer-${item.id}`}
                    aria-label={`${t('chair.defer')}: ${textOf(item.title)}`}
                    onClick={() => void defer(item)}
                  >
                    {t('chair.defer')}
                  </button>
                ) : null}
                <MoveButtons
                  item={item}
                  index={index}
                  count={count}
                  onMove={(toIndex) => void run({ type: 'agenda.move', itemId: item.id, toIndex })}
                />
              </>
            )
          }
        />
        <RecentDecisions meeting={meeting} />
        <PresencePanel meeting={meeting} presence={snapshot.presence} compact />
        <NotesPanel meeting={meeting} readOnly />
        <MinutesDownload meeting={meeting} />
        {status !== 'closed' ? (
          <AddItemForm onAdd={(title, minutes) => run({ type: 'agenda.add', title, plannedMinutes: minutes })} />
        ) : null}
        {/* The chair may change the date, the links, the chair and the presenters during the meeting
            too; folded, so that the console still fits one screen. */}
        <details className="console-details" data-testid="chair-details">
          <summary>{t('meetingDetails.title')}</summary>
          <MeetingDetailsPanel meeting={meeting} run={run} />
        </details>
      </aside>
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
      {dialog}
    </main>
  );
}

/** The last three decisions, one line each: the full register is further down. */
function RecentDecisions({ meeting }: { meeting: MeetingState }) {
  const { t } = useTranslation();
  const last = orderedDecisions(meeting.votes).slice(-3).reverse();
  return (
    <section className="recent-decisions" aria-labelledby="recent-decisions-heading">
      <h2 id="recent-decisions-heading">{t('chair.lastDecisions')}</h2>
      {last.length === 0 ? (
        <p className="muted small">{t('votes.noDecisions')}</p>
      ) : (
        <ol className="compact-list" data-testid="recent-decisions">
          {last.map((d) => (
            <li key={d.id}>
              <span className={`badge outcome-${d.outcome}`}>{t(`votes.decisionOutcome.${d.outcome}`)}</span>{' '}
              <Txt text={d.text} className="clamp" />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
