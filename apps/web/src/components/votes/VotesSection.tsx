import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { featuredPoll, type Lang } from '@rostrum/core';
import { useServerNow } from '../../live/hooks.js';
import { useCommands } from '../../live/use-commands.js';
import { takeToken } from '../../session.js';
import type { ViewProps } from '../../views/view-props.js';
import { useConfirm } from '../Dialog.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { DecisionReadBack } from './DecisionReadBack.js';
import { DecisionsPanel, useDraftFromPoll, type DecisionDraft } from './DecisionsPanel.js';
import { PollBallot, VotingRight } from './PollBallot.js';
import { PollStatus } from './PollStatus.js';
import { ProposalsPanel } from './ProposalsPanel.js';

export type VotesMode = 'chair' | 'secretariat' | 'delegate' | 'observer' | 'projector';

/**
 * Proposals, the poll under way and the decision register, as each role needs them: the chair
 * runs polls and records decisions, the secretariat prepares proposals and keeps the register,
 * delegates vote, observers and the projector follow.
 */
export function VotesSection({
  live,
  snapshot,
  session,
  mode,
  langs,
}: ViewProps & { mode: VotesMode; langs?: Lang[] }) {
  const { t } = useTranslation();
  const { run, error, clearError } = useCommands(live);
  const now = useServerNow(snapshot.clockOffset);
  const [draft, setDraft] = useState<DecisionDraft | null>(null);
  const draftFrom = useDraftFromPoll();
  const { confirm, dialog } = useConfirm();
  const meeting = snapshot.meeting;
  if (!meeting) return null;
  const poll = featuredPoll(meeting.votes, meeting.current.itemId);
  const staff = mode === 'chair' || mode === 'secretariat';

  if (mode === 'projector') {
    return (
      <>
        <DecisionReadBack meeting={meeting} langs={langs} />
        {poll ? <PollStatus meeting={meeting} poll={poll} now={now} langs={langs} large /> : null}
      </>
    );
  }

  const decided = poll !== null && Object.values(meeting.votes.decisions).some((d) => d.pollId === poll.id);
  const chairActions =
    mode !== 'chair' || !poll ? null : poll.status === 'open' ? (
      <button
        type="button"
        className="danger"
        data-testid="poll-close"
        aria-keyshortcuts="V"
        data-shortcut="v"
        onClick={() =>
          void confirm({
            title: t('votes.confirmCloseTitle'),
            message: t('votes.confirmClose'),
            confirmLabel: t('votes.closePoll'),
          }).then((ok) => {
            if (ok) void run({ type: 'poll.close', pollId: poll.id });
          })
        }
      >
        {t('votes.closePoll')}
      </button>
    ) : !decided ? (
      <button
        type="button"
        className="primary"
        data-testid="poll-record-decision"
        aria-keyshortcuts="D"
        data-shortcut="d"
        onClick={() => setDraft(draftFrom(meeting, poll))}
      >
        {t('votes.recordDecision')}
      </button>
    ) : null;

  return (
    <div className="votes" data-testid="votes">
      {staff ? <ErrorBanner error={error} onDismiss={clearError} /> : null}
      {mode === 'delegate' ? <VotingRight live={live} meeting={meeting} session={session} /> : null}
      {poll ? <PollStatus meeting={meeting} poll={poll} now={now} actions={chairActions} /> : null}
      {poll && mode === 'delegate' ? (
        <PollBallot live={live} meeting={meeting} poll={poll} session={session} now={now} />
      ) : null}
      {mode === 'observer' ? null : (
        <ProposalsPanel
          meeting={meeting}
          canOpenPolls={mode === 'chair'}
          canEdit={staff}
          run={run}
          itemId={staff ? undefined : meeting.current.itemId}
        />
      )}
      <DecisionsPanel
        meeting={meeting}
        canRecord={staff}
        canReadBack={mode === 'chair'}
        run={run}
        draft={draft}
        onDraftDone={() => setDraft(null)}
      />
      {staff ? <ResultsExport meetingId={meeting.meta.id} /> : null}
      {dialog}
    </div>
  );
}

/** Downloads the results export (CSV or JSON): the API wants the invite token as a bearer. */
function ResultsExport({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const download = async (format: 'csv' | 'json') => {
    const token = takeToken(meetingId);
    if (!token) return setFailed(true);
    try {
      const res = await fetch(`/api/meetings/${meetingId}/results.${format}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) return setFailed(true);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `rostrum-${meetingId}-results.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <section className="controls" aria-label={t('votes.export')}>
      <span className="muted small">{t('votes.export')}:</span>
      <button type="button" className="small" data-testid="export-csv" onClick={() => void download('csv')}>
        CSV
      </button>
      <button type="button" className="small" data-testid="export-json" onClick={() => void download('json')}>
        JSON
      </button>
      {failed ? (
        <span role="alert" className="small">
          {t('votes.exportFailed')}
        </span>
      ) : null}
    </section>
  );
}
