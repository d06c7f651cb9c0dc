import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orderedItems, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { Txt, useTextOf } from '../MeetingText.js';
import { DraftActions } from './DraftActions.js';
import { useDraft } from './use-draft.js';

/**
 * Who presents an agenda item: the presenters ticked, in the order they speak (those already on
 * the item first, as planned, then those ticked now, in the order they were ticked).
 */
export function ItemPresentersForm({
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
  const items = orderedItems(meeting);
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const item = Object.hasOwn(meeting.agenda.items, itemId) ? meeting.agenda.items[itemId] : undefined;
  const draft = useDraft<readonly string[]>(item?.presenterIds ?? []);
  const presenters = Object.values(meeting.roster.presenters);
  if (!item || presenters.length === 0) return null;

  const toggle = (id: string, on: boolean) =>
    draft.change(on ? [...draft.value.filter((p) => p !== id), id] : draft.value.filter((p) => p !== id));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ type: 'agenda.setPresenters', itemId: item.id, presenterIds: [...draft.value] })) {
      draft.reset();
      onSaved();
    }
  };

  return (
    <form className="details-form" noValidate onSubmit={(e) => void submit(e)} data-testid="item-presenters-form">
      <h3>{t('meetingDetails.itemPresenters')}</h3>
      <label>
        {t('meetingDetails.item')}
        <select
          value={item.id}
          onChange={(e) => {
            draft.reset();
            setItemId(e.target.value);
          }}
          data-testid="item-presenters-item"
        >
          {items.map((i, index) => (
            <option key={i.id} value={i.id}>
              {`${index + 1}. ${textOf(i.title)}`}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('meetingDetails.presenters')}</legend>
        {presenters.map((p) => (
          <label key={p.id} className="details-check">
            <input
              type="checkbox"
              checked={draft.value.includes(p.id)}
              onChange={(e) => toggle(p.id, e.target.checked)}
              data-testid={`item-presenter-${p.id}`}
            />{' '}
            <Txt text={p.name} />
          </label>
        ))}
      </fieldset>
      <DraftActions draft={draft} saveLabel={t('meetingDetails.saveItemPresenters')} testId="item-presenters-save" />
    </form>
  );
}
