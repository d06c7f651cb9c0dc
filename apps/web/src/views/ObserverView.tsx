import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang } from '@rostrum/core';
import { AgendaList } from '../components/AgendaList.js';
import { CurrentItem } from '../components/CurrentItem.js';
import { SpeakerNow } from '../components/floor/SpeakerNow.js';
import { VotesSection } from '../components/votes/VotesSection.js';
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
    return (
      <main id="main" className="projector" data-testid="projector">
        {langs.map((l) => (
          <p key={l} lang={l} className="projector-meeting">
            {meeting.meta.title[l]}
          </p>
        ))}
        <CurrentItem meeting={meeting} now={now} langs={langs} large />
        <SpeakerNow meeting={meeting} now={now} langs={langs} large />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="projector" langs={langs} />
        <MeetingClock meeting={meeting} now={now} />
      </main>
    );
  }
  return (
    <main id="main" className="layout layout-delegate">
      <div className="column-main">
        <CurrentItem meeting={meeting} now={now} langs={[lang]} />
        <SpeakerNow meeting={meeting} now={now} langs={[lang]} />
        <VotesSection live={live} snapshot={snapshot} session={session} mode="observer" />
        <MeetingClock meeting={meeting} now={now} />
        <AgendaList meeting={meeting} now={now} />
      </div>
    </main>
  );
}
