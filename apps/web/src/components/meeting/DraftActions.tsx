import { useTranslation } from 'react-i18next';

/**
 * A Meeting details form's buttons: save, cancel while editing, and — when another desk changed
 * the same details since the person started typing — a warning, a way to take the other
 * version, and a save button that says it replaces that change.
 */
export function DraftActions({
  draft,
  saveLabel,
  testId,
  onCancel,
}: {
  draft: { editing: boolean; changedMeanwhile: boolean; reset: () => void };
  saveLabel: string;
  /** The save button's test id; the warning is `${testId}-changed`. */
  testId: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const cancel = () => {
    draft.reset();
    onCancel?.();
  };
  return (
    <>
      {draft.changedMeanwhile ? (
        <p className="details-changed" role="alert" data-testid={`${testId}-changed`}>
          {t('meetingDetails.changedMeanwhile')}{' '}
          <button type="button" onClick={cancel}>
            {t('meetingDetails.takeTheirs')}
          </button>
        </p>
      ) : null}
      <div className="details-actions">
        <button type="submit" data-testid={testId}>
          {draft.changedMeanwhile ? t('meetingDetails.replaceTheirs') : saveLabel}
        </button>
        {draft.editing ? (
          <button type="button" onClick={cancel}>
            {t('meetingDetails.cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}
