import { useTranslation } from 'react-i18next';
import { estimatedEndAt, meetingElapsedMs, type MeetingState } from '@rostrum/core';
import { formatDateTime, formatDuration, formatTime, formatZoneName, viewerTimeZone } from '../format.js';

/** Elapsed time and the estimated end, in the meeting's time zone and the viewer's own. */
export function MeetingClock({ meeting, now }: { meeting: MeetingState; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language; // formats follow the interface language
  const tz = meeting.meta.timeZone;
  const both = (at: number) => {
    const local = viewerTimeZone();
    const meetingTime = `${formatTime(at, lang, tz)} ${t('meeting.meetingTime', { zone: formatZoneName(tz, lang, at) })}`;
    return local === tz ? meetingTime : `${meetingTime} · ${formatTime(at, lang)} ${t('meeting.yourTime')}`;
  };
  // The planned start on the meeting's clock, with the zone named (the secretariat may change both).
  const plannedStart = (at: number) =>
    `${formatDateTime(at, lang, tz)} ${t('meeting.meetingTime', { zone: formatZoneName(tz, lang, at) })}`;
  if (meeting.meta.status === 'scheduled') {
    return (
      <p className="clock muted" data-testid="meeting-clock">
        {t('meeting.startsAt', { time: plannedStart(Date.parse(meeting.meta.startsAt)) })}
      </p>
    );
  }
  const end = estimatedEndAt(meeting, now);
  return (
    <dl className="clock" data-testid="meeting-clock">
      <div>
        <dt>{t('meeting.elapsed')}</dt>
        <dd className="tabular">{formatDuration(meetingElapsedMs(meeting, now), lang)}</dd>
      </div>
      <div>
        <dt>
          {meeting.meta.status === 'closed' ? t('meeting.closedAt', { time: '' }).trim() : t('meeting.estimatedEnd')}
        </dt>
        <dd>{both(end)}</dd>
      </div>
    </dl>
  );
}
