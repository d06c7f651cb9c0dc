import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  itemDocumentSchema,
  ITEM_DOCUMENTS_MAX,
  TEXT_LIMITS,
  type AgendaItemState,
  type FileRef,
  type ItemDocument,
  type Lang,
} from '@rostrum/core';
import type { CommandInput } from '../live/live-meeting.js';
import { takeToken } from '../session.js';
import { FileSlot } from './documents/FileSlot.js';
import { useMeetingLanguages } from './MeetingText.js';
import { TextFields } from './TextFields.js';
import {
  draftOf,
  hasProblems,
  rebaseText,
  textFieldProblems,
  textOfDraft,
  type TextDraft,
  type TextFieldProblems,
} from './text-fields.js';

type Run = (command: CommandInput) => Promise<boolean>;
/** `key` stays with a row while rows above it are removed: an upload ends in the row it began in. */
type DocRow = { key: number; url: string; title: TextDraft; files: Partial<Record<Lang, FileRef>> };

let nextRowKey = 0;
const newRow = (fields: Omit<DocRow, 'key'>): DocRow => ({ key: nextRowKey++, ...fields });
type Problems = {
  title?: TextFieldProblems;
  minutes?: string;
  docs?: string;
  /** Title problems of each document row, by row key. */
  docTitles?: Record<number, TextFieldProblems>;
};

/**
 * A row of the form as the document it stands for: a blank link and no files are left out, and
 * only the meeting's languages are kept.
 */
function toDocument(d: DocRow, languages: readonly Lang[]): ItemDocument {
  const url = d.url.trim();
  const files: Partial<Record<Lang, FileRef>> = {};
  for (const lang of languages) {
    const ref = d.files[lang];
    if (ref) files[lang] = ref;
  }
  return {
    title: textOfDraft(d.title, languages),
    ...(url === '' ? {} : { url }),
    ...(Object.keys(files).length > 0 ? { files } : {}),
  };
}

const sameSource = (a: ItemDocument, b: ItemDocument) =>
  a.url === b.url && JSON.stringify(a.files ?? {}) === JSON.stringify(b.files ?? {});

/**
 * The documents to send, or null when the person changed none of them (then nothing is sent,
 * and titles translated meanwhile stay). A document still where it was, with the same link and
 * files, keeps the translations of its title saved since the form opened.
 */
function rebaseDocuments(
  opened: readonly ItemDocument[],
  edited: readonly ItemDocument[],
  now: readonly ItemDocument[],
  languages: readonly Lang[],
): ItemDocument[] | null {
  const unchanged =
    opened.length === edited.length &&
    edited.every((d, i) => {
      const o = opened[i];
      return o !== undefined && sameSource(o, d) && rebaseText(o.title, d.title, o.title, languages) === undefined;
    });
  if (unchanged) return null;
  return edited.map((d, i) => {
    const o = opened[i];
    const n = now[i];
    if (!o || !n || !sameSource(o, d) || !sameSource(n, d)) return d;
    return { ...d, title: rebaseText(o.title, d.title, n.title, languages) ?? n.title };
  });
}

/**
 * The secretariat's preparation of one agenda item: its title in the meeting's languages (the
 * original required, the others optional), the planned minutes and its documents (an https
 * link and/or an uploaded file per language). The form checks what the server will check, so
 * the messages come in the viewer's language, at their field, before anything is sent.
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
  const languages = useMeetingLanguages();
  const token = useMemo(() => takeToken(meetingId), [meetingId]);
  /** Uploads under way, by slot: the form waits for them before it saves. */
  const [uploading, setUploading] = useState<ReadonlySet<string>>(new Set());
  // The item as the form opened it: what the person changed is measured against it, and the
  // rest is taken from the record at the time of saving (`rebaseText`).
  const [opened] = useState(item);
  const [title, setTitle] = useState<TextDraft>(() => draftOf(item.title, languages));
  const [minutes, setMinutes] = useState(String(item.plannedMinutes));
  const [docs, setDocs] = useState<DocRow[]>(() =>
    item.documents.map((d) => newRow({ url: d.url ?? '', title: draftOf(d.title, languages), files: { ...d.files } })),
  );
  const [problems, setProblems] = useState<Problems>({});
  const base = `edit-${item.id}`;

  const check = (): Problems => {
    const p: Problems = {};
    const titleProblems = textFieldProblems(title, languages, TEXT_LIMITS.shortText);
    if (hasProblems(titleProblems)) p.title = titleProblems;
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 600) p.minutes = t('prepare.minutesRange');
    const docTitles: Record<number, TextFieldProblems> = {};
    for (const d of docs) {
      const found = textFieldProblems(d.title, languages, TEXT_LIMITS.name);
      if (hasProblems(found)) docTitles[d.key] = found;
    }
    if (Object.keys(docTitles).length > 0) p.docTitles = docTitles;
    const bad = docs.findIndex((d) => !itemDocumentSchema.safeParse(toDocument(d, languages)).success);
    if (bad >= 0) p.docs = t('prepare.docInvalid', { number: bad + 1 });
    return p;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = check();
    setProblems(p);
    if (Object.keys(p).length > 0 || uploading.size > 0) return;
    const plannedMinutes = Number(minutes);
    const edited = textOfDraft(title, languages);
    const newTitle = rebaseText(opened.title, edited, item.title, languages);
    const ok = await run({
      type: 'agenda.edit',
      itemId: item.id,
      ...(newTitle ? { title: newTitle } : {}),
      plannedMinutes,
    });
    if (!ok) return;
    const documents = rebaseDocuments(
      opened.documents,
      docs.map((d) => toDocument(d, languages)),
      item.documents,
      languages,
    );
    if (documents === null || (await run({ type: 'agenda.setDocuments', itemId: item.id, documents }))) onDone();
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
  const error = (key: 'minutes' | 'docs') =>
    problems[key] ? (
      <span className="field-error" id={`${base}-${key}-error`} data-testid={`${base}-${key}-error`}>
        {problems[key]}
      </span>
    ) : null;
  const described = (key: 'minutes' | 'docs') =>
    problems[key] ? { 'aria-invalid': true, 'aria-describedby': `${base}-${key}-error` } : {};

  return (
    <form className="item-editor" data-testid={base} noValidate onSubmit={(e) => void submit(e)}>
      <TextFields
        label={t('fields.title')}
        value={title}
        onChange={setTitle}
        maxLength={TEXT_LIMITS.shortText}
        problems={problems.title}
        testId={(lang) => `${base}-title-${lang}`}
      />
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
          <div key={d.key} className="doc-entry" role="group" aria-label={t('upload.document', { number: i + 1 })}>
            <div className="doc-entry-head">
              <input
                type="url"
                placeholder="https://…"
                aria-label={t('votes.form.docUrl')}
                value={d.url}
                onChange={(e) => setDoc(i, { url: e.target.value })}
                data-testid={`${base}-doc-url-${i}`}
              />
              <button
                type="button"
                className="small"
                disabled={languages.some((l) => uploading.has(`${d.key}-${l}`))}
                onClick={() => setDocs((all) => all.filter((r) => r.key !== d.key))}
              >
                {t('votes.form.remove')}
              </button>
            </div>
            <TextFields
              label={t('fields.documentTitle')}
              value={d.title}
              onChange={(next) => setDoc(i, { title: next })}
              maxLength={TEXT_LIMITS.name}
              problems={problems.docTitles?.[d.key]}
              testId={(lang) => `${base}-doc-${lang}-${i}`}
            />
            <div className="doc-files">
              {languages.map((version) => (
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
            onClick={() =>
              setDocs((all) => [...all, newRow({ url: '', title: draftOf(undefined, languages), files: {} })])
            }
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
