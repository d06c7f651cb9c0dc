import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILE_ACCEPT, FILE_TYPES, formatFileSize, LIMITS, type FileRef, type Lang } from '@rostrum/core';
import { formatNumber } from '../../format.js';
import { uploadFile, type Upload } from './files-api.js';

type Props = {
  meetingId: string;
  token: string | null;
  /** Which language version this slot holds (one of the meeting's languages). */
  version: Lang;
  value: FileRef | undefined;
  onChange: (ref: FileRef | undefined) => void;
  /** Told when an upload starts and ends, so that the form is not saved half-way. */
  onBusy: (busy: boolean) => void;
  /** Base of the test ids and element ids, e.g. `edit-aob-doc-0-file-en`. */
  id: string;
};

type Status =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number }
  | { kind: 'error'; message: string }
  | { kind: 'done' };

const extensions = Object.values(FILE_TYPES).map((t) => t.extension);

/**
 * One language version of a document in the item editor: a file input until a file is
 * uploaded, then its name, size and a remove button. The size and the extension are checked
 * here, so the message comes at once in the viewer's language; the server checks the content.
 */
export function FileSlot({ meetingId, token, version, value, onChange, onBusy, id }: Props) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const upload = useRef<Upload | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const remove = useRef<HTMLButtonElement>(null);
  /** Where focus goes after the slot changes shape (the input and the file swap places). */
  const focusNext = useRef<'input' | 'remove' | null>(null);
  const size = (bytes: number) => formatFileSize(bytes, i18n.resolvedLanguage ?? 'en');

  useEffect(() => () => upload.current?.abort(), []);
  useEffect(() => {
    if (focusNext.current === 'remove') remove.current?.focus();
    if (focusNext.current === 'input') input.current?.focus();
    focusNext.current = null;
  }, [value]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    if (!extensions.some((ext) => file.name.toLowerCase().endsWith(ext))) {
      return setStatus({ kind: 'error', message: t('upload.wrongType', { name: file.name }) });
    }
    if (file.size > LIMITS.fileBytes) {
      return setStatus({
        kind: 'error',
        message: t('upload.tooLarge', { name: file.name, size: size(file.size), max: size(LIMITS.fileBytes) }),
      });
    }
    if (file.size === 0) return setStatus({ kind: 'error', message: t('upload.empty', { name: file.name }) });
    if (!token) return setStatus({ kind: 'error', message: t('errors.unauthorized') });
    setStatus({ kind: 'uploading', sent: 0, total: file.size });
    onBusy(true);
    const current = uploadFile(meetingId, token, file, (sent, total) => setStatus({ kind: 'uploading', sent, total }));
    upload.current = current;
    const result = await current.done;
    upload.current = null;
    onBusy(false);
    if (result.ok) {
      focusNext.current = 'remove';
      setStatus({ kind: 'done' });
      onChange(result.ref);
    } else if (result.code !== 'aborted') {
      setStatus({ kind: 'error', message: t(`errors.${result.code}`, { defaultValue: t('errors.internal') }) });
    } else {
      setStatus({ kind: 'idle' });
    }
  };

  const label = t('upload.fileVersion', { language: t(`text.lang.${version}`) });
  const busy = status.kind === 'uploading';
  const percent = formatNumber(
    busy && status.total > 0 ? Math.round((status.sent / status.total) * 100) : 0,
    i18n.language,
  );
  return (
    <div className="file-slot" aria-busy={busy} data-testid={id}>
      {value ? (
        <div className="file-chosen">
          <span>
            {label}: <span data-testid={`${id}-name`}>{value.name}</span> ({value.kind.toUpperCase()},{' '}
            {size(value.size)})
          </span>
          <button
            ref={remove}
            type="button"
            className="small"
            aria-label={t('upload.remove', { name: value.name })}
            data-testid={`${id}-remove`}
            onClick={() => {
              focusNext.current = 'input';
              setStatus({ kind: 'idle' });
              onChange(undefined);
            }}
          >
            {t('votes.form.remove')}
          </button>
        </div>
      ) : (
        <label>
          {label}
          <input
            ref={input}
            type="file"
            accept={FILE_ACCEPT}
            disabled={busy}
            aria-describedby={`${id}-hint`}
            data-testid={`${id}-input`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared at once, so that choosing the same file again (after a refusal) is a change.
              e.target.value = '';
              void choose(file);
            }}
          />
          <span className="muted small" id={`${id}-hint`}>
            {t('upload.hint', { max: size(LIMITS.fileBytes) })}
          </span>
        </label>
      )}
      <div
        role="status"
        aria-live="polite"
        className="file-status"
        data-testid={`${id}-status`}
        data-state={status.kind}
      >
        {busy ? (
          <>
            <progress value={status.sent} max={status.total} aria-label={t('upload.uploading', { percent })} />
            <span>{t('upload.uploading', { percent })}</span>
            <button type="button" className="small" onClick={() => upload.current?.abort()}>
              {t('upload.cancel')}
            </button>
          </>
        ) : null}
        {status.kind === 'done' && value ? <span>{t('upload.uploaded', { name: value.name })}</span> : null}
        {status.kind === 'error' ? <span className="field-error">{status.message}</span> : null}
      </div>
    </div>
  );
}
