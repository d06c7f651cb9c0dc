import { useTranslation } from 'react-i18next';
import { CHAIR_SHORTCUTS } from '../live/shortcuts.js';
import { Dialog } from './Dialog.js';

/** "?": the chair's keys, in a dialog that Esc closes. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('shortcuts.title')}
      onClose={onClose}
      testId="shortcuts-help"
      actions={
        <button type="button" data-autofocus data-testid="shortcuts-close" onClick={onClose}>
          {t('dialog.close')}
        </button>
      }
    >
      <dl className="shortcut-list">
        {CHAIR_SHORTCUTS.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{t(`shortcuts.${s.action}`)}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>Enter</kbd> / <kbd>Delete</kbd>
          </dt>
          <dd>{t('shortcuts.queueKeys')}</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>{t('shortcuts.escape')}</dd>
        </div>
      </dl>
      <p className="muted small">{t('shortcuts.note')}</p>
    </Dialog>
  );
}
