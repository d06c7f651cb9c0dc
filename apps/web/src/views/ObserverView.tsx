import { featuredPoll } from '@rostrum/core';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { VotesSection } from '../components/votes/VotesSection.js';
import { DecisionReadBack } from '../components/votes/DecisionReadBack.js';
import { PollStatus } from '../components/votes/PollStatus.js';
import { ItemDocuments } from '../components/ItemDocuments.js';
import { MeetingClock } from '../components/MeetingClock.js';
import { dirOf, ShownTxt, useReading } from '../components/MeetingText.js';
import { projectorLanguages } from '../components/projector/projector-languages.js';
import { shownInEach } from '../components/shown-texts.js';
import { useServerNow } from '../live/hooks.js';
import type { ViewProps } from './view-props.js';

/** Read-only live view; `projector` is the large-type variant for a room screen or a stream. */
export function ObserverView({ live, snapshot, session, projector }: ViewProps & { projector: boolean }) {
  const { reader, languages } = useReading();
  const now = useServerNow(snapshot.clockOffset);
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  if (projector) {
    // `?lang=fr`, `?lang=fr+ar` or `?lang=both` on the projector link picks the languages shown.
    const langs = projectorLanguages(new URLSearchParams(window.location.search).get('lang'), reader, languages);
    const poll = featuredPoll(meeting.votes, meeting.current.itemId);
    // A decision being read back takes over the screen: the room reads it, in every language shown.
    const readBack = meeting.votes.readBack !== null;
    return (
      <main
        id="main"
        className={`projector ${readBack ? 'projector-readback' : ''}`}
        data-testid="projector"
        data-langs={langs.join(' ')}
      >
        <header className="projector-head">
          {shownInEach(meeting.meta.title, langs, languages).map(({ reader: l, shown }, i) => {
            const Line = i === 0 ? 'h1' : 'p';
            return (
              <Line key={l} lang={l} dir={dirOf(shown.lang)} className="projector-meeting text-line">
                <ShownTxt shown={shown} reader={l} />
              </Line>
            );
          })}
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
        <CurrentItem meeting={meeting} now={now} />
        <ItemDocuments meeting={meeting} itemId={meeting.current.itemId} />
        <SpeakerNow meeting={meeting} now={now} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="observer" />
        <MeetingClock meeting={meeting} now={now} />
        <AgendaList meeting={meeting} now={now} />
      </div>
    </main>
  );
}
