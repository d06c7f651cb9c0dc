import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAJORITIES,
  POLL_METHODS,
  POLL_SECRECY,
  type Majority,
  type PollMethod,
  type PollSecrecy,
} from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';

type Props = {
  proposalId: string;
  onOpen: (command: CommandInput) => Promise<boolean>;
  onCancel: () => void;
};

function pick<T extends string>(options: readonly T[], value: string, fallback: T): T {
  return options.find((o) => o === value) ?? fallback;
}

/** The chair's choices for a poll: method, roll-call or anonymous, majority, quorum, countdown. */
export function PollOpenForm({ proposalId, onOpen, onCancel }: Props) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<PollMethod>('vote');
  const [secrecy, setSecrecy] = useState<PollSecrecy>('roll_call');
  const [majority, setMajority] = useState<Majority>('simple');
  const [quorumPercent, setQuorumPercent] = useState(50);
  /** Minutes: the countdown of a no-objection procedure, or a vote's window (0: none). */
  const [minutes, setMinutes] = useState(0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const noObjection = method === 'no_objection';
    // A no-objection procedure always has a countdown; a vote may have a voting window.
    const seconds = Math.round(minutes * 60);
    const command: CommandInput = {
      type: 'poll.open',
      proposalId,
      method,
      secrecy,
      majority: noObjection ? 'consensus' : majority,
      quorum: Math.min(100, Math.max(0, quorumPercent)) / 100,
      durationSeconds: noObjection ? Math.max(10, seconds || 120) : seconds > 0 ? seconds : null,
    };
    if (await onOpen(command)) onCancel();
  };

  return (
    <form className="poll-form" data-testid="poll-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('votes.form.method')}
        <select
          // The form opens from a button or the O key: put the keyboard in it.
          autoFocus
          data-testid="poll-method"
          value={method}
          onChange={(e) => {
            const next = pick(POLL_METHODS, e.target.value, 'vote');
            setMethod(next);
            if (next === 'no_objection' && minutes === 0) setMinutes(2);
          }}
        >
          {POLL_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`votes.method.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('votes.form.secrecy')}
        <select
          data-testid="poll-secrecy"
          value={secrecy}
          onChange={(e) => setSecrecy(pick(POLL_SECRECY, e.target.value, 'roll_call'))}
        >
          {POLL_SECRECY.map((s) => (
            <option key={s} value={s}>
              {t(`votes.secrecy.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {method === 'vote' ? (
        <label>
          {t('votes.form.majority')}
          <select
            data-testid="poll-majority"
            value={majority}
            onChange={(e) => setMajority(pick(MAJORITIES, e.target.value, 'simple'))}
          >
            {MAJORITIES.map((m) => (
              <option key={m} value={m}>
                {t(`votes.majority.${m}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t('votes.form.quorum')}
        <input
          data-testid="poll-quorum"
          type="number"
          min={0}
          max={100}
          step={1}
          value={quorumPercent}
          onChange={(e) => setQuorumPercent(Number(e.target.value))}
        />
      </label>
      <label>
        {method === 'no_objection' ? t('votes.form.countdown') : t('votes.form.window')}
        <input
          data-testid="poll-duration"
          type="number"
          min={method === 'no_objection' ? 0.5 : 0}
          max={1440}
          step={0.5}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
        />
      </label>
      <div className="controls">
        <button type="submit" className="primary" data-testid="poll-open-submit">
          {t('votes.form.open')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('votes.form.cancel')}
        </button>
      </div>
    </form>
  );
}
