import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type DialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; the first element with `autoFocus` gets the focus. */
  actions?: ReactNode;
  testId?: string;
};

/**
 * A modal dialog on the native <dialog>: `showModal()` makes the rest of the page inert, Esc
 * closes it (the browser's `cancel` event), and Tab is kept inside it, so a keyboard user never
 * lands behind it. The focus returns to where it was when the dialog closes.
 */
export function Dialog({ title, onClose, children, actions, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement;
    if (!dialog.open) dialog.showModal();
    const autofocus = dialog.querySelector<HTMLElement>('[autofocus], [data-autofocus]');
    autofocus?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault(); // React owns whether the dialog is shown
      closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  const trap = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const focusable = Array.from(
      e.currentTarget.querySelectorAll<HTMLElement>(
        'button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex="0"]',
      ),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} data-testid={testId} onKeyDown={trap}>
      <h2 id={titleId}>{title}</h2>
      <div className="dialog-body">{children}</div>
      {actions ? <div className="controls dialog-actions">{actions}</div> : null}
    </dialog>
  );
}

type Ask = { title: string; message: string; confirmLabel: string; resolve: (ok: boolean) => void };

/**
 * `confirm()` for destructive actions, as an accessible dialog instead of `window.confirm`
 * (which screen readers and the chair's shortcuts handle badly, and which blocks the live view).
 * The focus starts on "Cancel": Enter alone never destroys anything.
 */
export function useConfirm(): { confirm: (o: Omit<Ask, 'resolve'>) => Promise<boolean>; dialog: ReactNode } {
  const { t } = useTranslation();
  const [ask, setAsk] = useState<Ask | null>(null);
  const confirm = useCallback(
    (o: Omit<Ask, 'resolve'>) => new Promise<boolean>((resolve) => setAsk({ ...o, resolve })),
    [],
  );
  const answer = (ok: boolean) => {
    ask?.resolve(ok);
    setAsk(null);
  };
  const dialog = ask ? (
    <Dialog
      title={ask.title}
      onClose={() => answer(false)}
      testId="confirm-dialog"
      actions={
        <>
          <button type="button" data-autofocus data-testid="confirm-cancel" onClick={() => answer(false)}>
            {t('dialog.cancel')}
          </button>
          <button type="button" className="danger" data-testid="confirm-ok" onClick={() => answer(true)}>
            {ask.confirmLabel}
          </button>
        </>
      }
    >
      <p>{ask.message}</p>
    </Dialog>
  ) : null;
  return { confirm, dialog };
}
