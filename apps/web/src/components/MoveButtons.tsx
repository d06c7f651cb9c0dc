import { useTranslation } from 'react-i18next';
import type { AgendaItemState } from '@rostrum/core';
import { useTextOf } from './MeetingText.js';

/** Reorder an agenda item by one place. */
export function MoveButtons({
  item,
  index,
  count,
  onMove,
}: {
  item: AgendaItemState;
  index: number;
  count: number;
  onMove: (toIndex: number) => void;
}) {
  const { t } = useTranslation();
  const title = useTextOf()(item.title);
  return (
    <>
      <button
        type="button"
        className="small"
        aria-label={`${t('chair.moveUp')}: ${title}`}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="small"
        aria-label={`${t('chair.moveDown')}: ${title}`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
    </>
  );
}
