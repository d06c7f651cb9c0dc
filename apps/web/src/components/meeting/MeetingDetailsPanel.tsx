import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { ChairForm } from './ChairForm.js';
import { ItemPresentersForm } from './ItemPresentersForm.js';
import { LinksForm } from './LinksForm.js';
import { PresentersEditor } from './PresentersEditor.js';
import { ScheduleForm } from './ScheduleForm.js';
import './meeting-details.css';

/**
 * The meeting's details, for the secretariat and the chair, before and during the meeting: the
 * planned start, the video-call and interpretation links, the chair and the presenters. Every
 * change is a command, shown live on every screen; a refusal shows in the view's error banner.
 */
export function MeetingDetailsPanel({
  meeting,
  run,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(0);
  const onSaved = () => setSaved((n) => n + 1);
  const closed = meeting.meta.status === 'closed';
  return (
    <section className="meeting-details" aria-labelledby="meeting-details-heading" data-testid="meeting-details">
      <h2 id="meeting-details-heading">{t('meetingDetails.title')}</h2>
      {closed ? (
        <p className="muted">{t('meetingDetails.closedNote')}</p>
      ) : (
        <>
          <p className="visually-hidden" role="status" data-testid="meeting-details-status">
            {saved > 0 ? t('meetingDetails.saved') : ''}
          </p>
          <ScheduleForm meeting={meeting} run={run} onSaved={onSaved} />
          <LinksForm meeting={meeting} run={run} onSaved={onSaved} />
          <ChairForm meeting={meeting} run={run} onSaved={onSaved} />
          <PresentersEditor meeting={meeting} run={run} onSaved={onSaved} />
          <ItemPresentersForm meeting={meeting} run={run} onSaved={onSaved} />
        </>
      )}
    </section>
  );
}
