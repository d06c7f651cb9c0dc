import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPastDeadline, type BallotChoice, type MeetingState, type Poll, type ProtocolError } from '@rostrum/core';
import { formatTimeSeconds, formatZoneName } from '../../format.js';
import type { LiveMeeting } from '../../live/live-meeting.js';
import type { Session } from '../../session.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { loadReceipt, saveReceipt, type Receipt } from './votes-format.js';

/** The buttons a method offers: a no-objection procedure asks only whether one objects. */
function choicesFor(poll: Poll): BallotChoice[] {
  return poll.method === 'no_objection' ? ['object', 'support'] : ['support', 'object', 'abstain'];
}

type Props = { live: LiveMeeting; meeting: MeetingState; poll: Poll; session: Session; now: number };

/**
 * The delegation's ballot: clear buttons, the receipt with the server's time in the meeting's
 * time zone, and a new ballot allowed until the poll closes. Only the seat that holds the
 * delegation's voting right gets the buttons.
 */
export function PollBallot({ live, meeting, poll, session, now }: Props) {
  const { t, i18n } = useTranslation();
  const delegationId = session.delegationId;
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setReceipt(delegationId === null ? null : loadReceipt(meeting.meta.id, poll.id, delegationId));
  }, [meeting.meta.id, poll.id, delegationId]);

  if (session.role !== 'delegate' || delegationId === null) return null;
  const holds = (session.seat ?? 'head') === (meeting.votes.voterSeats[delegationId] ?? 'head');
  const open = poll.status === 'open' && !isPastDeadline(poll, now);
  const tz = meeting.meta.timeZone;

  const vote = async (choice: BallotChoice) => {
    setBusy(true);
    const ack = await live.command({ type: 'poll.vote', pollId: poll.id, choice });
    setBusy(false);
    if (!ack.ok) return setError(ack.error);
    setError(null);
    const next = { at: ack.data.at, choice };
    saveReceipt(meeting.meta.id, poll.id, delegationId, next);
    setReceipt(next);
  };

  const label = (c: BallotChoice) =>
    poll.method === 'no_objection' ? t(`votes.noObjectionChoice.${c}`) : t(`votes.choice.${c}`);

  return (
    <section className="ballot" aria-labelledby="ballot-heading" data-testid="ballot">
      <h2 id="ballot-heading">{t('votes.yourBallot')}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {open && holds ? (
        <div className="ballot-buttons" role="group" aria-label={t('votes.yourBallot')}>
          {choicesFor(poll).map((c) => (
            <button
              key={c}
              type="button"
              className={`ballot-button choice-${c}`}
              data-testid={`ballot-${c}`}
              aria-pressed={receipt?.choice === c}
              disabled={busy}
              onClick={() => void vote(c)}
            >
              {label(c)}
            </button>
          ))}
        </div>
      ) : null}
      {busy ? (
        <p className="muted small" data-testid="ballot-pending" role="status">
          {live.getSnapshot().connection === 'live' ? t('votes.ballotSending') : t('votes.ballotWaiting')}
        </p>
      ) : null}
      {open && !holds ? <p className="muted">{t('votes.notYourRight')}</p> : null}
      <div aria-live="polite" aria-atomic="true">
        {receipt ? (
          <p className="receipt" data-testid="ballot-receipt" data-choice={receipt.choice}>
            {t('votes.receipt', {
              time: formatTimeSeconds(receipt.at, i18n.language, tz),
              zone: formatZoneName(tz, i18n.language, receipt.at),
            })}{' '}
            {t('votes.youChose', { choice: label(receipt.choice) })}
          </p>
        ) : null}
      </div>
      {open && receipt ? <p className="muted small">{t('votes.canChange')}</p> : null}
      {!open ? <p className="muted small">{t('votes.ballotsClosed')}</p> : null}
    </section>
  );
}

/** Who of the delegation holds its voting right; the head hands it to the deputy and back. */
export function VotingRight({
  live,
  meeting,
  session,
}: {
  live: LiveMeeting;
  meeting: MeetingState;
  session: Session;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<ProtocolError | null>(null);
  const delegationId = session.delegationId;
  if (session.role !== 'delegate' || delegationId === null) return null;
  const seat = session.seat ?? 'head';
  const holder = meeting.votes.voterSeats[delegationId] ?? 'head';
  const holds = seat === holder;
  const designate = async (to: 'head' | 'deputy') => {
    const ack = await live.command({ type: 'voter.designate', seat: to });
    setError(ack.ok ? null : ack.error);
  };
  return (
    <section className="voting-right" aria-label={t('votes.votingRight')}>
      <p data-testid="voter-right" data-holds={holds} data-seat={seat}>
        <span className="muted">{t(`votes.seat.${seat}`)}</span> ·{' '}
        {holds ? t('votes.youHoldRight') : t(`votes.rightWith.${holder}`)}
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {seat === 'head' ? (
        holder === 'head' ? (
          <button type="button" className="small" data-testid="hand-over" onClick={() => void designate('deputy')}>
            {t('votes.handOver')}
          </button>
        ) : (
          <button type="button" className="small" data-testid="take-back" onClick={() => void designate('head')}>
            {t('votes.takeBack')}
          </button>
        )
      ) : null}
    </section>
  );
}
