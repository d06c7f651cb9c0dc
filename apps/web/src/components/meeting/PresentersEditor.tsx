import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { Txt, useTextOf } from '../MeetingText.js';
import { PresenterFields } from './PresenterFields.js';

/** The meeting's presenters: each editable, and a new one added (the server makes their invite link). */
export function PresentersEditor({
  meeting,
  run,
  onSaved,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  const [editing, setEditing] = useState<string | null>(null);
  const presenters = Object.values(meeting.roster.presenters);
  return (
    <div className="details-presenters" data-testid="presenters-editor">
      <h3>{t('meetingDetails.presenters')}</h3>
      {presenters.length === 0 ? <p className="muted">{t('meetingDetails.noPresenters')}</p> : null}
      <ul className="details-list">
        {presenters.map((p) => {
          const delegation = p.delegationId === null ? undefined : meeting.roster.delegations[p.delegationId];
          return (
            <li key={p.id} data-testid={`presenter-${p.id}`}>
              <span>
                <strong>
                  <Txt text={p.name} />
                </strong>
                {' — '}
                <Txt text={p.title} />
                {delegation ? (
                  <>
                    {' · '}
                    <Txt text={delegation.name} />
                  </>
                ) : null}
              </span>{' '}
              <button
                type="button"
                className="small"
                aria-expanded={editing === p.id}
                aria-label={`${t('meetingDetails.editPresenter')}: ${textOf(p.name)}`}
                onClick={() => setEditing(editing === p.id ? null : p.id)}
                data-testid={`presenter-edit-${p.id}`}
              >
                {t('meetingDetails.editPresenter')}
              </button>
              {editing === p.id ? (
                <PresenterFields
                  meeting={meeting}
                  presenter={p}
                  testId={`presenter-form-${p.id}`}
                  submitLabel={t('meetingDetails.savePresenter')}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (input) => {
                    const done = await run({ type: 'presenter.edit', presenterId: p.id, ...input });
                    if (done) {
                      setEditing(null);
                      onSaved();
                    }
                    return done;
                  }}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      <h4>{t('meetingDetails.newPresenter')}</h4>
      <PresenterFields
        meeting={meeting}
        testId="presenter-add"
        submitLabel={t('meetingDetails.addPresenter')}
        onSubmit={async (input) => {
          const done = await run({ type: 'presenter.add', ...input });
          if (done) onSaved();
          return done;
        }}
      />
    </div>
  );
}
