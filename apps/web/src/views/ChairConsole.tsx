import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentItem } from '@rostrum/core';
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
import { NotesPanel } from '../components/notes/NotesPanel.js';
import { currentLang } from '../i18n.js';
import { useServerNow } from '../live/hooks.js';
import { useCommands } from '../live/use-commands.js';
import type { ViewProps } from './view-props.js';

/** The chair runs the meeting from here: open, move through the agenda, close. */
export function ChairConsole({ live, snapshot, session }: ViewProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
  const { run, error, clearError, busy } = useCommands(live);
  const meeting = snapshot.meeting;
  const now = useServerNow(snapshot.clockOffset);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target;
      if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'n' || e.key === 'N') void run({ type: 'agenda.next' });
      if (e.key === 'p' || e.key === 'P') void run({ type: 'agenda.previous' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  if (!meeting) return null;
  const status = meeting.meta.status;
  const current = currentItem(meeting);
  const isOpen = status === 'open';

  return (
    <main id="main" className="layout layout-chair">
      <div className="column-main">
        <ErrorBanner error={error} onDismiss={clearError} />
        <section className="controls" aria-label={t('chair.console')}>
          {status === 'scheduled' ? (
            <button type="button" className="primary" data-testid="btn-open" disabled={busy} onClick={() => void run({ type: 'meeting.open' })}>
              {t('chair.openMeeting')}
            </button>
          ) : null}
          {isOpen ? (
            <>
              <button type="button" data-testid="btn-previous" aria-keyshortcuts="P" onClick={() => void run({ type: 'agenda.previous' })}>
                {t('chair.previous')}
              </button>
              <button type="button" className="primary" data-testid="btn-next" aria-keyshortcuts="N" onClick={() => void run({ type: 'agenda.next' })}>
                {t('chair.next')}
              </button>
              {current ? (
                <button type="button" data-testid="btn-complete" onClick={() => void run({ type: 'agenda.complete', itemId: current.id })}>
                  {t('chair.complete')}
                </button>
              ) : null}
              <button
                type="button"
                className="danger"
                data-testid="btn-close"
                onClick={() => {
                  if (window.confirm(t('chair.confirmClose'))) void run({ type: 'meeting.close' });
                }}
              >
                {t('chair.closeMeeting')}
              </button>
            </>
          ) : null}
          <p className="muted small">{t('chair.shortcuts')}</p>
        </section>
        <CurrentItem meeting={meeting} now={now} langs={[lang]} />
        <SpeakerNow meeting={meeting} now={now} langs={[lang]} />
        <ChairFloor meeting={meeting} lang={lang} run={run} />
        <MeetingClock meeting={meeting} now={now} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="chair" />
        <AgendaList
          meeting={meeting}
          now={now}
          actions={(item, index, count) =>
            status === 'closed' ? null : (
              <>
                {isOpen && item.status !== 'active' ? (
                  <button type="button" className="small" data-testid={`start-${item.id}`} onClick={() => void run({ type: 'agenda.start', itemId: item.id })}>
                    {t('chair.start')}
                  </button>
                ) : null}
                {item.status === 'pending' || item.status === 'active' ? (
                  <button type="button" className="small" data-testid={`defer-${item.id}`} onClick={() => void run({ type: 'agenda.defer', itemId: item.id })}>
                    {t('chair.defer')}
                  </button>
                ) : null}
                <MoveButtons item={item} index={index} count={count} lang={lang} onMove={(toIndex) => void run({ type: 'agenda.move', itemId: item.id, toIndex })} />
              </>
            )
          }
        />
        {status !== 'closed' ? <AddItemForm onAdd={(title, minutes) => run({ type: 'agenda.add', title, plannedMinutes: minutes })} /> : null}
      </div>
      <aside className="column-side">
        <PresencePanel meeting={meeting} presence={snapshot.presence} />
        <NotesPanel meeting={meeting} readOnly />
        <MinutesDownload meeting={meeting} />
      </aside>
    </main>
  );
}

export function AddItemForm({ onAdd }: { onAdd: (title: { en: string; ru: string }, minutes: number) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [en, setEn] = useState('');
  const [ru, setRu] = useState('');
  const [minutes, setMinutes] = useState(10);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onAdd({ en: en.trim(), ru: ru.trim() }, minutes)) {
      setEn('');
      setRu('');
    }
  };
  return (
    <form className="add-item" onSubmit={(e) => void submit(e)}>
      <h2>{t('chair.addItem')}</h2>
      <label>
        {t('chair.titleEn')}
        <input lang="en" required maxLength={300} value={en} onChange={(e) => setEn(e.target.value)} />
      </label>
      <label>
        {t('chair.titleRu')}
        <input lang="ru" required maxLength={300} value={ru} onChange={(e) => setRu(e.target.value)} />
      </label>
      <label>
        {t('chair.minutes')}
        <input type="number" required min={1} max={600} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
      </label>
      <button type="submit">{t('chair.add')}</button>
    </form>
  );
}
