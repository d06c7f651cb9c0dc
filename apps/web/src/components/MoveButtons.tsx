import { useTranslation } from 'react-i18next';
import type { AgendaItemState, Lang } from '@rostrum/core';

/** Reorder an agenda item by one place. */
export function MoveButtons({
  item,
  index,
  count,
  lang,
  onMove,
}: {
  item: AgendaItemState;
  index: number;
  count: number;
  lang: Lang;
  onMove: (toIndex: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button
        type="button"
        className="small"
        aria-label={`${t('chair.moveUp')}: ${item.title[lang]}`}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="small"
        aria-label={`${t('chair.moveDown')}: ${item.title[lang]}`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
    </>
  );
}
