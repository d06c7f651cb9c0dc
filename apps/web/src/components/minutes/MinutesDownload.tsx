import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { readingLanguage, type Lang, type MeetingState } from '@rostrum/core';
import { formatNumber } from '../../format.js';
import { takeToken } from '../../session.js';
import { useReading } from '../MeetingText.js';
import { languageName } from '../text-fields.js';
import { fetchFile, saveBlob, type Progress } from './download.js';
import {
  MINUTES_FORMATS as FORMATS,
  minutesFileName,
  minutesLangParam,
  secondLanguages,
  type MinutesFormat as Format,
} from './minutes-langs.js';
import './minutes.css';

type State =
  | { kind: 'idle' }
  | { kind: 'working'; progress: Progress; startedAt: number }
  | { kind: 'done'; filename: string }
  | { kind: 'failed'; code: string };

const verifySchema = z.object({
  ok: z.literal(true),
  data: z.object({ intact: z.boolean(), commands: z.number(), digest: z.string(), firstBadSeq: z.number().nullable() }),
});
type Verification = z.infer<typeof verifySchema>['data'];

function kib(bytes: number, lang: string): string {
  const digits = bytes < 10_240 ? 1 : 0;
  return formatNumber(bytes / 1024, lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Download of the minutes for the secretariat and the chair: the format, a language of the
 * meeting (the reader's by default) and, if wanted, a second one side by side; a progress line
 * while the server builds a large document, and a check of the log's hash chain.
 */
export function MinutesDownload({ meeting }: { meeting: MeetingState }) {
  const { t, i18n } = useTranslation();
  const meetingId = meeting.meta.id;
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  const [format, setFormat] = useState<Format>('pdf');
  const { reader } = useReading();
  const languages = meeting.meta.languages;
  const [chosenFirst, setFirst] = useState<Lang | null>(null);
  const [chosenSecond, setSecond] = useState<Lang | null>(null);
  // A choice stays valid while the meeting's languages change: they are only ever added to.
  const first =
    chosenFirst !== null && languages.includes(chosenFirst) ? chosenFirst : readingLanguage(reader, languages);
  const second =
    chosenSecond !== null && chosenSecond !== first && languages.includes(chosenSecond) ? chosenSecond : null;
  const langs = { first, second };
  const nameOf = (l: Lang) => languageName(t(`text.lang.${l}`), i18n.resolvedLanguage);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [verification, setVerification] = useState<Verification | 'failed' | null>(null);
  const [, tick] = useState(0);
  const abort = useRef<AbortController | null>(null);

  // While building, a seconds counter shows that something is happening.
  useEffect(() => {
    if (state.kind !== 'working') return;
    const timer = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [state.kind]);
  useEffect(() => () => abort.current?.abort(), []);

  const download = async () => {
    if (!token) return setState({ kind: 'failed', code: 'unauthorized' });
    const controller = new AbortController();
    abort.current = controller;
    const startedAt = Date.now();
    const lang = minutesLangParam(langs);
    const url = `/api/meetings/${encodeURIComponent(meetingId)}/minutes?format=${format}&lang=${encodeURIComponent(lang)}`;
    try {
      const res = await fetchFile(
        url,
        token,
        (progress) => setState({ kind: 'working', progress, startedAt }),
        controller.signal,
        minutesFileName(meetingId, format, langs),
      );
      if (!res.ok) return setState({ kind: 'failed', code: res.code });
      saveBlob(res.blob, res.filename);
      setState({ kind: 'done', filename: res.filename });
    } catch {
      setState(controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', code: 'timeout' });
    } finally {
      abort.current = null;
    }
  };

  const verify = async () => {
    if (!token) return;
    try {
      const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/verify`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const parsed = verifySchema.safeParse(await res.json());
      setVerification(parsed.success ? parsed.data.data : 'failed');
    } catch {
      setVerification('failed');
    }
  };

  const working = state.kind === 'working';
  const seconds = working ? Math.floor((Date.now() - state.startedAt) / 1000) : 0;
  return (
    <section className="minutes-download" aria-labelledby="minutes-heading" data-testid="minutes">
      <h2 id="minutes-heading">{t('minutes.title')}</h2>
      <p className="muted small">{meeting.meta.status === 'closed' ? t('minutes.final') : t('minutes.draft')}</p>
      <div className="minutes-form">
        <label>
          {t('minutes.format')}
          <select
            data-testid="minutes-format"
            value={format}
            disabled={working}
            onChange={(e) => setFormat(FORMATS.find((f) => f === e.target.value) ?? 'pdf')}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`minutes.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('minutes.language')}
          <select
            data-testid="minutes-lang"
            value={first}
            disabled={working || format === 'json'}
            onChange={(e) => setFirst(languages.find((l) => l === e.target.value) ?? null)}
          >
            {languages.map((l) => (
              <option key={l} value={l}>
                {nameOf(l)}
              </option>
            ))}
          </select>
        </label>
        {languages.length > 1 ? (
          <label>
            {t('minutes.sideBySide')}
            <select
              data-testid="minutes-lang-second"
              value={second ?? ''}
              disabled={working || format === 'json'}
              onChange={(e) => setSecond(languages.find((l) => l === e.target.value) ?? null)}
            >
              <option value="">{t('minutes.noSecond')}</option>
              {secondLanguages(languages, first).map((l) => (
                <option key={l} value={l}>
                  {nameOf(l)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {working ? (
          <button type="button" data-testid="minutes-cancel" onClick={() => abort.current?.abort()}>
            {t('minutes.cancel')}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="minutes-download" onClick={() => void download()}>
            {t('minutes.download')}
          </button>
        )}
      </div>
      <div
        role="status"
        aria-live="polite"
        className="minutes-progress"
        data-testid="minutes-progress"
        data-state={state.kind}
      >
        {state.kind === 'working' && state.progress.phase === 'building' ? (
          <>
            <progress aria-label={t('minutes.building', { count: seconds })} />
            <span>{t('minutes.building', { count: seconds })}</span>
          </>
        ) : null}
        {state.kind === 'working' && state.progress.phase === 'downloading' ? (
          <>
            <progress value={state.progress.received} max={state.progress.total ?? undefined} />
            <span>
              {state.progress.total === null
                ? t('minutes.downloadingSize', { size: kib(state.progress.received, i18n.language) })
                : t('minutes.downloading', {
                    size: kib(state.progress.received, i18n.language),
                    total: kib(state.progress.total, i18n.language),
                  })}
            </span>
          </>
        ) : null}
        {state.kind === 'done' ? <span>{t('minutes.ready', { file: state.filename })}</span> : null}
        {state.kind === 'failed' ? (
          <span className="minutes-error">{t(`errors.${state.code}`, { defaultValue: t('errors.internal') })}</span>
        ) : null}
      </div>
      <div className="minutes-verify">
        <button type="button" className="small" data-testid="minutes-verify" onClick={() => void verify()}>
          {t('minutes.verify')}
        </button>
        {verification === 'failed' ? <p className="minutes-error">{t('errors.internal')}</p> : null}
        {verification !== null && verification !== 'failed' ? (
          <p
            data-testid="minutes-verification"
            data-intact={String(verification.intact)}
            className={verification.intact ? 'minutes-intact' : 'minutes-error'}
          >
            {verification.intact
              ? t('minutes.intact', { count: verification.commands })
              : t('minutes.broken', { seq: verification.firstBadSeq ?? '?' })}
            <br />
            <span className="small">
              {t('minutes.digest')}: <code>{verification.digest}</code>
            </span>
          </p>
        ) : null}
      </div>
    </section>
  );
}
