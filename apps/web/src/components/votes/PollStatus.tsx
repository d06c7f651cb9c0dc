import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BALLOT_CHOICES, type Lang, type MeetingState, type Poll, type Tally } from '@rostrum/core';
import { formatDuration, formatNumber, formatPercent } from '../../format.js';
import { TextLines, Txt } from '../MeetingText.js';
import { percent } from './votes-format.js';

type Props = {
  meeting: MeetingState;
  poll: Poll;
  now: number;
  /** The languages a projector shows the proposal's title in; by default the reader's. */
  langs?: Lang[];
  large?: boolean;
  /** The chair's buttons (close, record the decision). */
  actions?: ReactNode;
};

/**
 * A poll as everyone sees it: while open, how many delegations have voted (and, in a roll-call
 * poll, the tally); once closed, the result. Progress is announced politely to screen readers.
 */
export function PollStatus({ meeting, poll, now, langs, large = false, actions }: Props) {
  const { t, i18n } = useTranslation();
  const proposal = meeting.votes.proposals[poll.proposalId];
  // Until the server's close lands, a passed deadline already stops the ballots.
  const remaining = poll.closesAt === null ? null : Math.max(0, poll.closesAt - now);
  const headingId = `poll-heading-${poll.id}`;
  return (
    <section
      className={`poll ${large ? 'poll-large' : ''}`}
      aria-labelledby={headingId}
      data-testid="poll-status"
      data-poll-id={poll.id}
      data-status={poll.status}
    >
      <h2 id={headingId} className="eyebrow">
        {poll.status === 'open' ? t('votes.pollOpen') : t('votes.pollClosed')}
      </h2>
      {proposal ? <TextLines text={proposal.title} langs={langs} className="poll-title" /> : null}
      <p className="muted small" data-testid="poll-rules">
        {t(`votes.method.${poll.method}`)} · {t(`votes.secrecy.${poll.secrecy}`)} ·{' '}
        {t(`votes.majority.${poll.majority}`)} ·{' '}
        {t('votes.quorumShare', { percent: formatNumber(Math.round(poll.quorum * 100), i18n.language) })}
      </p>
      {poll.status === 'open' ? (
        <>
          <div aria-live="polite" aria-atomic="true">
            <p className="poll-progress" data-testid="poll-progress" data-voted={poll.votedCount}>
              {t('votes.progress', { count: poll.votedCount, total: poll.entitled.length })}
            </p>
          </div>
          <Bar
            value={poll.votedCount}
            total={poll.entitled.length}
            className="fill-progress"
            label={t('votes.progressLabel')}
          />
          {remaining !== null ? (
            <p className={`timer tabular ${remaining === 0 ? 'over' : ''}`} data-testid="poll-countdown">
              {remaining === 0
                ? t('votes.closing')
                : t('votes.closesIn', { duration: formatDuration(remaining, i18n.language) })}
            </p>
          ) : null}
          {poll.tally ? <TallyBars tally={poll.tally} /> : null}
        </>
      ) : null}
      {poll.status === 'closed' && poll.result ? <PollResultView poll={poll} /> : null}
      {poll.secrecy === 'roll_call' && poll.votedCount > 0 && !large ? (
        <RollCall meeting={meeting} poll={poll} />
      ) : null}
      {actions ? <div className="controls">{actions}</div> : null}
    </section>
  );
}

function PollResultView({ poll }: { poll: Poll }) {
  const { t } = useTranslation();
  const r = poll.result;
  if (!r) return null;
  return (
    <div className="poll-result" data-testid="poll-result" data-outcome={r.outcome} aria-live="polite">
      <p className={`outcome outcome-${r.outcome}`} data-testid="poll-outcome">
        {t(`votes.outcome.${r.outcome}`)}
      </p>
      <TallyBars tally={r.tally} />
      <dl className="poll-facts">
        <div>
          <dt>{t('votes.voted')}</dt>
          <dd data-testid="result-voted">{t('votes.ofEntitled', { count: r.voted, total: r.entitled })}</dd>
        </div>
        <div>
          <dt>{t('votes.present')}</dt>
          <dd data-testid="result-present">
            {t('votes.ofEntitled', { count: r.present, total: r.entitled })} ·{' '}
            {t('votes.quorumNeeded', { count: r.quorumRequired })} · {r.quorumMet ? t('votes.met') : t('votes.notMet')}
          </dd>
        </div>
        <div>
          <dt>{t(`votes.majority.${poll.majority}`)}</dt>
          <dd>{r.majorityMet ? t('votes.met') : t('votes.notMet')}</dd>
        </div>
      </dl>
    </div>
  );
}

/** Support / object / abstain as horizontal bars (SVG: the CSP allows no inline styles). */
export function TallyBars({ tally }: { tally: Tally }) {
  const { t } = useTranslation();
  const total = tally.support + tally.object + tally.abstain;
  return (
    <ul className="tally" aria-label={t('votes.tally')}>
      {BALLOT_CHOICES.map((c) => (
        <li key={c} data-testid={`tally-${c}`} data-count={tally[c]}>
          <span className="tally-label">{t(`votes.choice.${c}`)}</span>
          <Bar value={tally[c]} total={total} className={`fill-${c}`} label={t(`votes.choice.${c}`)} />
          <span className="tally-count tabular">{tally[c]}</span>
        </li>
      ))}
    </ul>
  );
}

function Bar({ value, total, className, label }: { value: number; total: number; className: string; label: string }) {
  const { i18n } = useTranslation();
  const width = percent(value, total);
  const share = formatPercent(width / 100, i18n.language, 1);
  return (
    <svg className="bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={`${label}: ${share}`}>
      <rect className="bar-track" x="0" y="0" width="100" height="6" rx="1" />
      <rect className={`bar-fill ${className}`} x="0" y="0" width={width} height="6" rx="1" />
    </svg>
  );
}

function RollCall({ meeting, poll }: { meeting: MeetingState; poll: Poll }) {
  const { t } = useTranslation();
  return (
    <details className="roll-call" data-testid="roll-call">
      <summary>{t('votes.rollCall')}</summary>
      <ul>
        {poll.entitled.map((d) => {
          const entry = poll.rollCall[d];
          if (!entry) return null;
          return (
            <li key={d} data-testid={`roll-call-${d}`} data-choice={entry.choice}>
              <DelegationName meeting={meeting} id={d} />: <strong>{t(`votes.choice.${entry.choice}`)}</strong>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function DelegationName({ meeting, id }: { meeting: MeetingState; id: string }) {
  const delegation = meeting.roster.delegations[id];
  return delegation ? <Txt text={delegation.name} /> : <>{id}</>;
}
