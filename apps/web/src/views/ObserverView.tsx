import { useTranslation } from 'react-i18next';
import { featuredPoll, LANGUAGES, type Lang } from '@rostrum/core';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { VotesSection } from '../components/votes/VotesSection.js';
import { DecisionReadBack } from '../components/votes/DecisionsPanel.js';
import { PollStatus } from '../components/votes/PollStatus.js';
import { ItemDocuments } from '../components/ItemDocuments.js';
import { MeetingClock } from '../components/MeetingClock.js';
import { currentLang } from '../i18n.js';
import { useServerNow } from '../live/hooks.js';
import type { ViewProps } from './view-props.js';

/** `?lang=en`, `?lang=ru` or `?lang=both` on the projector link picks the languages shown. */
function projectorLangs(search: string, fallback: Lang): Lang[] {
  const param = new URLSearchParams(search).get('lang');
  if (param === 'both') return [...LANGUAGES];
  const found = LANGUAGES.find((l) => l === param);
  return found ? [found] : [fallback];
}

/** Read-only live view; `projector` is the large-type variant for a room screen or a stream. */
export function ObserverView({ live, snapshot, session, projector }: ViewProps & { projector: boolean }) {
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
  const now = useServerNow(snapshot.clockOffset);
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  if (projector) {
    const langs = projectorLangs(window.location.search, lang);
    const poll = featuredPoll(meeting.votes, meeting.current.itemId);
    // A decision being read back takes over the screen: the room reads it, in every language shown.
    const readBack = meeting.votes.readBack !== null;
    return (
      <main id="main" className={`projector ${readBack ? 'projector-readback' : ''}`} data-testid="projector">
        <header className="projector-head">
          {langs.map((l, i) =>
            i === 0 ? (
              <h1 key={l} lang={l} className="projector-meeting">
                {meeting.meta.title[l]}
              </h1>
            ) : (
              <p key={l} lang={l} className="projector-meeting">
                {meeting.meta.title[l]}
              </p>
            ),
          )}
        </header>
        {readBack ? (
          <div className="projector-now">
            <DecisionReadBack meeting={meeting} langs={langs} />
          </div>
        ) : (
          <>
            <div className="projector-now">
              <CurrentItem meeting={meeting} now={now} langs={langs} large />
              <SpeakerNow meeting={meeting} now={now} langs={langs} large />
            </div>
            <div className="projector-poll">
              {poll ? <PollStatus meeting={meeting} poll={poll} now={now} langs={langs} large /> : null}
            </div>
          </>
        )}
        <footer className="projector-foot">
          <MeetingClock meeting={meeting} now={now} />
        </footer>
      </main>
    );
  }
  return (
    <main id="main" className="layout layout-delegate">
      <div className="column-main">
        <CurrentItem meeting={meeting} now={now} langs={[lang]} />
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} lang={lang} />
        <SpeakerNow meeting={meeting} now={now} langs={[lang]} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="observer" />
        <MeetingClock meeting={meeting} now={now} />
        <AgendaList meeting={meeting} now={now} />
      </div>
    </main>
  );
}
