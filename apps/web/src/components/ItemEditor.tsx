import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  itemDocumentSchema,
  ITEM_DOCUMENTS_MAX,
  LANGUAGES,
  TEXT_LIMITS,
  type AgendaItemState,
  type FileRef,
  type ItemDocument,
  type Lang,
} from '@rostrum/core';
import type { CommandInput } from '../live/live-meeting.js';
import { takeToken } from '../session.js';
import { FileSlot } from './documents/FileSlot.js';

type Run = (command: CommandInput) => Promise<boolean>;
/** `key` stays with a row while rows above it are removed: an upload ends in the row it began in. */
type DocRow = { key: number; url: string; en: string; ru: string; files: Partial<Record<Lang, FileRef>> };

let nextRowKey = 0;
const newRow = (fields: Omit<DocRow, 'key'>): DocRow => ({ key: nextRowKey++, ...fields });
type Problems = Partial<Record<'titleEn' | 'titleRu' | 'minutes' | 'docs', string>>;

/** A row of the form as the document it stands for: a blank link and no files are left out. */
function toDocument(d: DocRow): ItemDocument {
  const url = d.url.trim();
  const files = { ...(d.files.en ? { en: d.files.en } : {}), ...(d.files.ru ? { ru: d.files.ru } : {}) };
  return {
    title: { en: d.en.trim(), ru: d.ru.trim() },
    ...(url === '' ? {} : { url }),
    ...(files.en || files.ru ? { files } : {}),
  };
}

/**
 * The secretariat's preparation of one agenda item: its title in both languages, the planned
 * minutes and its documents (an https link and/or an uploaded file per language). The form
 * checks what the server will check, so the messages come in the viewer's language before
 * anything is sent.
 */
export function ItemEditor({
  meetingId,
  item,
  run,
  onDone,
}: {
  meetingId: string;
  item: AgendaItemState;
  run: Run;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  /** Uploads under way, by slot: the form waits for them before it saves. */
  const [uploading, setUploading] = useState<ReadonlySet<string>>(new Set());
  const [en, setEn] = useState(item.title.en);
  const [ru, setRu] = useState(item.title.ru);
  const [minutes, setMinutes] = useState(String(item.plannedMinutes));
  const [docs, setDocs] = useState<DocRow[]>(() =>
    item.documents.map((d) => newRow({ url: d.url ?? '', en: d.title.en, ru: d.title.ru, files: { ...d.files } })),
  );
  const [problems, setProblems] = useState<Problems>({});
  const base = `edit-${item.id}`;

  const check = (): Problems => {
    const p: Problems = {};
    if (en.trim() === '') p.titleEn = t('prepare.required');
    if (ru.trim() === '') p.titleRu = t('prepare.required');
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 600) p.minutes = t('prepare.minutesRange');
    const bad = docs.findIndex((d) => !itemDocumentSchema.safeParse(toDocument(d)).success);
    if (bad >= 0) p.docs = t('prepare.docInvalid', { number: bad + 1 });
    return p;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = check();
    setProblems(p);
    if (Object.keys(p).length > 0 || uploading.size > 0) return;
    const title = { en: en.trim(), ru: ru.trim() };
    const plannedMinutes = Number(minutes);
    const documents = docs.map(toDocument);
    const ok = await run({ type: 'agenda.edit', itemId: item.id, title, plannedMinutes });
    if (ok && (await run({ type: 'agenda.setDocuments', itemId: item.id, documents }))) onDone();
  };
  // Functional updates: an upload finishes after other edits of the form.
  const setDoc = (i: number, patch: Partial<DocRow>) =>
    setDocs((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const setFile = (key: number, version: Lang, ref: FileRef | undefined) =>
    setDocs((all) => all.map((d) => (d.key === key ? { ...d, files: { ...d.files, [version]: ref } } : d)));
  const setBusy = (slot: string, busy: boolean) =>
    setUploading((all) => {
      const next = new Set(all);
      if (busy) next.add(slot);
      else next.delete(slot);
      return next;
    });
  const error = (key: keyof Problems) =>
    problems[key] ? (
      <span className="field-error" id={`${base}-${key}-error`} data-testid={`${base}-${key}-error`}>
        {problems[key]}
      </span>
    ) : null;
  const described = (key: keyof Problems) =>
    problems[key] ? { 'aria-invalid': true, 'aria-describedby': `${base}-${key}-error` } : {};

  return (
    <form className="item-editor" data-testid={base} noValidate onSubmit={(e) => void submit(e)}>
      <label>
        {t('chair.titleEn')}
        <input
          lang="en"
          maxLength={TEXT_LIMITS.shortText}
          value={en}
          onChange={(e) => setEn(e.target.value)}
          data-testid={`${base}-title-en`}
          {...described('titleEn')}
        />
        {error('titleEn')}
      </label>
      <label>
        {t('chair.titleRu')}
        <input
          lang="ru"
          maxLength={TEXT_LIMITS.shortText}
          value={ru}
          onChange={(e) => setRu(e.target.value)}
          data-testid={`${base}-title-ru`}
          {...described('titleRu')}
        />
        {error('titleRu')}
      </label>
      <label>
        {t('chair.minutes')}
        <input
          type="number"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          data-testid={`${base}-minutes`}
          {...described('minutes')}
        />
        {error('minutes')}
      </label>
      <fieldset>
        <legend>{t('documents.title')}</legend>
        {docs.map((d, i) => (
          <div key={d.key} className="doc-row" role="group" aria-label={t('upload.document', { number: i + 1 })}>
            <input
              type="url"
              placeholder="https://…"
              aria-label={t('votes.form.docUrl')}
              value={d.url}
              onChange={(e) => setDoc(i, { url: e.target.value })}
              data-testid={`${base}-doc-url-${i}`}
            />
            <input
              lang="en"
              aria-label={t('votes.form.docTitleEn')}
              placeholder={t('votes.form.docTitleEn')}
              value={d.en}
              onChange={(e) => setDoc(i, { en: e.target.value })}
              data-testid={`${base}-doc-en-${i}`}
            />
            <input
              lang="ru"
              aria-label={t('votes.form.docTitleRu')}
              placeholder={t('votes.form.docTitleRu')}
              value={d.ru}
              onChange={(e) => setDoc(i, { ru: e.target.value })}
              data-testid={`${base}-doc-ru-${i}`}
            />
            <button
              type="button"
              className="small"
              disabled={LANGUAGES.some((l) => uploading.has(`${d.key}-${l}`))}
              onClick={() => setDocs((all) => all.filter((r) => r.key !== d.key))}
            >
              {t('votes.form.remove')}
            </button>
            <div className="doc-files">
              {LANGUAGES.map((version) => (
                <FileSlot
                  key={version}
                  meetingId={meetingId}
                  token={token}
                  version={version}
                  value={d.files[version]}
                  onChange={(ref) => setFile(d.key, version, ref)}
                  onBusy={(busy) => setBusy(`${d.key}-${version}`, busy)}
                  id={`${base}-doc-${i}-file-${version}`}
                />
              ))}
            </div>
          </div>
        ))}
        {error('docs')}
        {docs.length < ITEM_DOCUMENTS_MAX ? (
          <button
            type="button"
            className="small"
            data-testid={`${base}-add-doc`}
            onClick={() => setDocs((all) => [...all, newRow({ url: '', en: '', ru: '', files: {} })])}
          >
            {t('votes.form.addDocument')}
          </button>
        ) : null}
      </fieldset>
      <div className="controls">
        <button
          type="submit"
          className="primary"
          data-testid={`${base}-save`}
          disabled={uploading.size > 0}
          aria-describedby={uploading.size > 0 ? `${base}-wait` : undefined}
        >
          {t('votes.form.save')}
        </button>
        {uploading.size > 0 ? (
          <span className="muted small" id={`${base}-wait`}>
            {t('upload.wait')}
          </span>
        ) : null}
        <button type="button" onClick={onDone}>
          {t('votes.form.cancel')}
        </button>
      </div>
    </form>
  );
}
