import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Role } from '@rostrum/core';
import { Txt } from './MeetingText.js';
import { InterpretationLink } from './meeting/InterpretationLink.js';
import type { ConnectionStatus, Degraded } from '../live/live-meeting.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { ThemeSwitch } from './ThemeSwitch.js';

export function Header({
  meeting,
  role,
  connection,
  pending = 0,
  degraded,
  subtitle,
  tools,
}: {
  meeting: MeetingState | null;
  role: Role;
  connection: ConnectionStatus;
  pending?: number;
  /** What the server cannot do now (it cannot reach the others, or store). */
  degraded?: Degraded;
  subtitle?: ReactNode;
  /** More controls for this viewer (a link holder's "Your details"). */
  tools?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <header className="header">
      <div className="header-title">
        <h1>{meeting ? <Txt text={meeting.meta.title} /> : t('app.name')}</h1>
        <p className="muted">
          {t(`roles.${role}`)}
          {subtitle ? (
            <>
              {' · '}
              {subtitle}
            </>
          ) : null}
          {meeting ? (
            <>
              {' · '}
              <span data-testid="meeting-status" data-status={meeting.meta.status}>
                {t(`meeting.status.${meeting.meta.status}`)}
              </span>
            </>
          ) : null}
        </p>
      </div>
      <div className="header-tools">
        {meeting?.meta.videoLink ? (
          <a
            className="button"
            href={meeting.meta.videoLink}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="video-link"
          >
            {t('meeting.joinCall')}
          </a>
        ) : null}
        {meeting ? <InterpretationLink links={meeting.meta.interpretationLinks} /> : null}
        {tools}
        <ConnectionIndicator status={connection} pending={pending} degraded={degraded} />
        <LanguageSwitch />
        <ThemeSwitch />
      </div>
    </header>
  );
}
