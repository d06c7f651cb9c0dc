import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_LIMITS,
  ENTRY_KINDS,
  type MeetingState,
  type MeetingText,
  type QueueEntry,
  type SpeakingLimits,
} from '@rostrum/core';
import { useConfirm } from '../Dialog.js';
import { useTextOf } from '../MeetingText.js';
import { speakerName, UNKNOWN_SPEAKER } from './speaker-name.js';
import type { CommandInput } from '../../live/live-meeting.js';
import { QueueList } from './QueueList.js';

type Run = (c: CommandInput) => Promise<boolean>;

/** The chair runs the floor: next speaker, give, move, remove, the clock and the list. */
export function ChairFloor({ meeting, run }: { meeting: MeetingState; run: Run }) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const itemId = meeting.current.itemId;
  const speaking = meeting.floor.speaking;

  const { confirm, dialog } = useConfirm();
  const remove = async (entry: QueueEntry) => {
    const spoken = speakerName(meeting, entry);
    const name = spoken ? textOf(spoken) : UNKNOWN_SPEAKER;
    if (
      await confirm({
        title: t('floor.chair.confirmRemoveTitle'),
        message: t('floor.chair.confirmRemove', { name }),
        confirmLabel: t('floor.chair.remove'),
      })
    ) {
      void run({ type: 'floor.remove', entryId: entry.id });
    }
  };

  if (meeting.meta.status !== 'open' || itemId === null) return null;
  const list = meeting.floor.lists[itemId];
  const open = list?.open ?? true;

  return (
    <section className="floor" aria-labelledby="chair-floor-heading">
      <h2 id="chair-floor-heading">{t('floor.title')}</h2>
      <div className="controls">
        <button
          type="button"
          className="primary"
          data-testid="btn-next-speaker"
          aria-keyshortcuts="S"
          data-shortcut="s"
          onClick={() => void run({ type: 'floor.next' })}
        >
          {t('floor.chair.nextSpeaker')}
        </button>
        {speaking ? (
          <>
            {speaking.pausedAt === null ? (
              <button type="button" data-testid="btn-pause" onClick={() => void run({ type: 'floor.pause' })}>
                {t('floor.chair.pause')}
              </button>
            ) : (
              <button type="button" data-testid="btn-resume" onClick={() => void run({ type: 'floor.resume' })}>
                {t('floor.chair.resume')}
              </button>
            )}
            <button
              type="button"
              data-testid="btn-extend"
              aria-keyshortcuts="X"
              data-shortcut="x"
              onClick={() => void run({ type: 'floor.extend', seconds: 60 })}
            >
              {t('floor.chair.extend')}
            </button>
            <button
              type="button"
              data-testid="btn-end-speech"
              aria-keyshortcuts="E"
              data-shortcut="e"
              onClick={() => void run({ type: 'floor.end' })}
            >
              {t('floor.chair.end')}
            </button>
          </>
        ) : null}
        {meeting.floor.lastSpeaker ? (
          <button type="button" data-testid="btn-readd" onClick={() => void run({ type: 'floor.readd' })}>
            {t('floor.chair.readd')}
          </button>
        ) : null}
        <button
          type="button"
          data-testid="btn-toggle-list"
          onClick={() => void run({ type: open ? 'floor.close' : 'floor.reopen' })}
        >
          {open ? t('floor.chair.closeList') : t('floor.chair.reopenList')}
        </button>
      </div>
      <QueueList
        meeting={meeting}
        onKey={(entry, e) => {
          if (e.key === 'Enter') void run({ type: 'floor.give', entryId: entry.id });
          if (e.key === 'Delete' || e.key === 'Backspace') void remove(entry);
        }}
        actions={(entry, index, count) => (
          <>
            <button
              type="button"
              className="small"
              data-testid={`give-${entry.id}`}
              onClick={() => void run({ type: 'floor.give', entryId: entry.id })}
            >
              {t('floor.chair.give')}
            </button>
            <button
              type="button"
              className="small"
              aria-label={t('chair.moveUp')}
              disabled={index === 0}
              onClick={() => void run({ type: 'floor.move', entryId: entry.id, toIndex: index - 1 })}
            >
              ↑
            </button>
            <button
              type="button"
              className="small"
              aria-label={t('chair.moveDown')}
              disabled={index === count - 1}
              onClick={() => void run({ type: 'floor.move', entryId: entry.id, toIndex: index + 1 })}
            >
              ↓
            </button>
            <button
              type="button"
              className="small danger"
              data-testid={`remove-${entry.id}`}
              onClick={() => void remove(entry)}
            >
              {t('floor.chair.remove')}
            </button>
          </>
        )}
      />
      <p className="muted small">{t('floor.chair.shortcuts')}</p>
      <details className="more">
        <summary>{t('floor.chair.more')}</summary>
        <GiveTo meeting={meeting} run={run} />
        <LimitsForm key={itemId} itemId={itemId} limits={list?.limits ?? DEFAULT_LIMITS} run={run} />
      </details>
      {dialog}
    </section>
  );
}

/** Give the floor to any delegation or presenter, queued or not. */
function GiveTo({ meeting, run }: { meeting: MeetingState; run: Run }) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const nameOf = (name: MeetingText | undefined, id: string) => (name ? textOf(name) : id);
  const [target, setTarget] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [kind, id] = target.split(':');
    if (!id) return;
    void run(kind === 'p' ? { type: 'floor.give', presenterId: id } : { type: 'floor.give', delegationId: id });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('floor.chair.giveTo')}
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="give-to">
          <option value="">{t('floor.chair.chooseDelegation')}</option>
          {Object.values(meeting.roster.presenters).map((p) => (
            <option key={`p:${p.id}`} value={`p:${p.id}`}>
              {textOf(p.name)}
            </option>
          ))}
          {meeting.roster.delegationOrder.map((id) => (
            <option key={`d:${id}`} value={`d:${id}`}>
              {nameOf(meeting.roster.delegations[id]?.name, id)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!target}>
        {t('floor.chair.give')}
      </button>
    </form>
  );
}

function LimitsForm({ itemId, limits, run }: { itemId: string; limits: SpeakingLimits; run: Run }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<SpeakingLimits>(limits);
  return (
    <details className="limits">
      <summary>{t('floor.chair.limits')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run({ type: 'floor.setLimits', itemId, limits: draft });
        }}
      >
        {ENTRY_KINDS.map((kind) => (
          <label key={kind}>
            {t(`floor.kind.${kind}`)}
            <input
              type="number"
              min={10}
              max={3600}
              required
              value={draft[kind]}
              onChange={(e) => setDraft({ ...draft, [kind]: Number(e.target.value) })}
            />
          </label>
        ))}
        <button type="submit">{t('floor.chair.saveLimits')}</button>
      </form>
    </details>
  );
}
