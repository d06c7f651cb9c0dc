import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize, type FileRef, type Lang } from '@rostrum/core';
import { formatNumber } from '../../format.js';
import { fetchFile, saveBlob } from '../minutes/download.js';
import { dirOf } from '../MeetingText.js';
import { filePath } from './files-api.js';

/** The name of each language version, in that language: readers look for their own. */
const VERSION_NAMES: Record<Lang, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
};

type State = { kind: 'idle' } | { kind: 'working'; percent: number | null } | { kind: 'failed'; code: string };

/**
 * A button that downloads one uploaded file with the invite token ("English (PDF, 1.2 MB)").
 * A plain link cannot send the token (it is never put in a URL), so the file is fetched and
 * handed to the browser as a download.
 */
export function FileDownload({
  meetingId,
  token,
  file,
  version,
  documentTitle,
  testId,
}: {
  meetingId: string;
  token: string | null;
  file: FileRef;
  version: Lang;
  documentTitle: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const download = async () => {
    if (!token) return setState({ kind: 'failed', code: 'unauthorized' });
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'working', percent: null });
    try {
      const res = await fetchFile(
        filePath(meetingId, file.id),
        token,
        (p) =>
          setState({
            kind: 'working',
            percent: p.phase === 'downloading' && p.total ? Math.round((p.received / p.total) * 100) : null,
          }),
        controller.signal,
        file.name,
      );
      if (!res.ok) return setState({ kind: 'failed', code: res.code });
      saveBlob(res.blob, res.filename);
      setState({ kind: 'idle' });
    } catch {
      if (!controller.signal.aborted) setState({ kind: 'failed', code: 'timeout' });
    } finally {
      abort.current = null;
    }
  };

  const working = state.kind === 'working';
  const size = formatFileSize(file.size, i18n.resolvedLanguage ?? 'en');
  return (
    <span className="file-download">
      <button
        type="button"
        className="small"
        aria-busy={working}
        disabled={working}
        data-testid={testId}
        onClick={() => void download()}
      >
        <span className="visually-hidden">{t('documents.download', { title: documentTitle })} </span>
        <bdi lang={version} dir={dirOf(version)}>
          {VERSION_NAMES[version]}
        </bdi>{' '}
        ({file.kind.toUpperCase()}, {size})
      </button>
      <span role="status" aria-live="polite" className="muted small">
        {working ? t('documents.downloading', { percent: formatNumber(state.percent ?? 0, i18n.language) }) : null}
        {state.kind === 'failed' ? (
          <span className="field-error">{t(`errors.${state.code}`, { defaultValue: t('errors.internal') })}</span>
        ) : null}
      </span>
    </span>
  );
}
