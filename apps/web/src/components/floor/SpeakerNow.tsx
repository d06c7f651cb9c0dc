import { useTranslation } from 'react-i18next';
import { remainingMs, type Lang, type MeetingState, type MeetingText } from '@rostrum/core';
import { formatDuration } from '../../format.js';
import { InlineTexts } from '../MeetingText.js';
import { speakerName, UNKNOWN_SPEAKER } from './speaker-name.js';

/** Who has the floor and the countdown of their time, from the server's clock. */
export function SpeakerNow({
  meeting,
  now,
  langs,
  large = false,
}: {
  meeting: MeetingState;
  now: number;
  /** The languages a projector shows; by default the reader's. */
  langs?: Lang[];
  large?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const speaking = meeting.floor.speaking;
  const left = speaking ? remainingMs(speaking, now) : 0;
  return (
    <section className={`speaker-now ${large ? 'speaker-large' : ''}`} aria-labelledby="speaker-heading">
      <h2 id="speaker-heading" className="eyebrow">
        {t('floor.speaking')}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {speaking ? (
          <p
            className="speaker-name"
            data-testid="speaker-now"
            data-entry-id={speaking.entry.id}
            data-delegation={speaking.entry.delegationId ?? ''}
          >
            <SpeakerNames name={speakerName(meeting, speaking.entry)} langs={langs} />
            <span className="muted small"> · {t(`floor.kind.${speaking.entry.kind}`)}</span>
          </p>
        ) : (
          <p className="muted" data-testid="speaker-now" data-entry-id="">
            {t('floor.nobody')}
          </p>
        )}
      </div>
      {speaking ? (
        <p
          className={`countdown tabular ${left < 0 ? 'over' : ''}`}
          data-testid="countdown"
          data-remaining-ms={left}
          role="timer"
        >
          {left >= 0
            ? t('floor.remaining', { time: formatDuration(left, i18n.language) })
            : t('floor.overrun', { time: formatDuration(-left, i18n.language) })}
          {speaking.pausedAt !== null ? <span className="badge"> · {t('floor.paused')}</span> : null}
        </p>
      ) : null}
    </section>
  );
}

function SpeakerNames({ name, langs }: { name: MeetingText | null; langs: Lang[] | undefined }) {
  return name ? <InlineTexts text={name} langs={langs} /> : <>{UNKNOWN_SPEAKER}</>;
}
