import { useTranslation } from 'react-i18next';
import type { Problems } from './draft.js';

/** The problem of one field, in the person's language, under the field (its id is for aria-describedby). */
export function FieldError({ problems, path, testId }: { problems: Problems; path: string; testId: string }) {
  const { t } = useTranslation();
  const code = problems[path];
  if (!code) return null;
  return (
    <span className="field-error" id={errorId(path)} data-testid={`${testId}-error`}>
      {t(`wizard.problem.${code}`)}
    </span>
  );
}

export function errorId(path: string): string {
  return `wizard-error-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
}

/** The aria attributes of a field with a problem. */
export function invalid(problems: Problems, path: string) {
  return problems[path] ? { 'aria-invalid': true, 'aria-describedby': errorId(path) } : {};
}

/** Up, down and remove for one entry of a list. */
export function RowTools({
  index,
  count,
  onMove,
  onRemove,
  testId,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="wizard-row-tools">
      <button
        type="button"
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
        data-testid={`${testId}-up`}
      >
        {t('wizard.moveUp')}
      </button>
      <button
        type="button"
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
        data-testid={`${testId}-down`}
      >
        {t('wizard.moveDown')}
      </button>
      <button type="button" onClick={onRemove} data-testid={`${testId}-remove`}>
        {t('wizard.remove')}
      </button>
    </div>
  );
}

export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [entry] = next.splice(from, 1);
  if (entry !== undefined) next.splice(to, 0, entry);
  return next;
}
