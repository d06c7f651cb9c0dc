import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { AddDelegationForm } from './AddDelegationForm.js';
import { InviteLinks } from './InviteLinks.js';
import { RosterImport } from './RosterImport.js';
import './roster.css';

/** The secretariat's delegations: adding one, importing a list, and the links to send them. */
export function RosterPanel({
  meeting,
  run,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  // Bumped after an import: the new delegations' links are fetched.
  const [version, setVersion] = useState(0);
  const editable = meeting.meta.status !== 'closed';
  return (
    <section className="roster" aria-labelledby="roster-heading" data-testid="roster-panel">
      <h2 id="roster-heading">{t('roster.title', { count: meeting.roster.delegationOrder.length })}</h2>
      {editable ? <AddDelegationForm meeting={meeting} run={run} onAdded={() => setVersion((v) => v + 1)} /> : null}
      {editable ? <RosterImport meeting={meeting} run={run} onImported={() => setVersion((v) => v + 1)} /> : null}
      {/* A presenter added (on this desk or another) has a new link: presenters are never removed. */}
      <InviteLinks meeting={meeting} version={version + Object.keys(meeting.roster.presenters).length} />
    </section>
  );
}
