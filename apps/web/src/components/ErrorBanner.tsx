import { useTranslation } from 'react-i18next';
import { CONFLICT_REASONS, ERROR_CODES, type ProtocolError } from '@rostrum/core';

/** A refused command, in the viewer's language: the reason when there is one, else the code. */
export function ErrorBanner({ error, onDismiss }: { error: ProtocolError | null; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text: string;
  if (error.reason && CONFLICT_REASONS.includes(error.reason)) text = t(`errors.reasons.${error.reason}`);
  else if (error.message === 'timeout') text = t('errors.timeout');
  else text = ERROR_CODES.includes(error.code) ? t(`errors.${error.code}`) : t('errors.internal');
  return (
    <div className="error-banner" role="alert" data-testid="error-banner" data-code={error.code}>
      <span>{text}</span>
      <button type="button" onClick={onDismiss}>
        {t('errors.dismiss')}
      </button>
    </div>
  );
}
