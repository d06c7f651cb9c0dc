import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { itemDocumentSchema, ITEM_DOCUMENTS_MAX, TEXT_LIMITS, type AgendaItemState } from '@rostrum/core';
import type { CommandInput } from '../live/live-meeting.js';

type Run = (command: CommandInput) => Promise<boolean>;
type DocRow = { url: string; en: string; ru: string };
type Problems = Partial<Record<'titleEn' | 'titleRu' | 'minutes' | 'docs', string>>;

/**
 * The secretariat's preparation of one agenda item: its title in both languages, the planned
 * minutes and its documents (https links). The form checks what the server will check, so the
 * messages come in the viewer's language before anything is sent.
 */
export function ItemEditor({ item, run, onDone }: { item: AgendaItemState; run: Run; onDone: () => void }) {
  const { t } = useTranslation();
  const [en, setEn] = useState(item.title.en);
  const [ru, setRu] = useState(item.title.ru);
  const [minutes, setMinutes] = useState(String(item.plannedMinutes));
  const [docs, setDocs] = useState<DocRow[]>(item.documents.map((d) => ({ url: d.url ?? '', en: d.title.en, ru: d.title.ru })));
  const [problems, setProblems] = useState<Problems>({});
  const base = `edit-${item.id}`;

  const check = (): Problems => {
    const p: Problems = {};
    if (en.trim() === '') p.titleEn = t('prepare.required');
    if (ru.trim() === '') p.titleRu = t('prepare.required');
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 600) p.minutes = t('prepare.minutesRange');
    const bad = docs.findIndex((d) => !itemDocumentSchema.safeParse({ url: d.url.trim(), title: { en: d.en.trim(), ru: d.ru.trim() } }).success);
    if (bad >= 0) p.docs = t('prepare.docInvalid', { number: bad + 1 });
    return p;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = check();
    setProblems(p);
    if (Object.keys(p).length > 0) return;
    const title = { en: en.trim(), ru: ru.trim() };
    const plannedMinutes = Number(minutes);
    const documents = docs.map((d) => ({ url: d.url.trim(), title: { en: d.en.trim(), ru: d.ru.trim() } }));
    const ok = await run({ type: 'agenda.edit', itemId: item.id, title, plannedMinutes });
    if (ok && (await run({ type: 'agenda.setDocuments', itemId: item.id, documents }))) onDone();
  };
  const setDoc = (i: number, patch: Partial<DocRow>) => setDocs(docs.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const error = (key: keyof Problems) =>
    problems[key] ? (
      <span className="field-error" id={`${base}-${key}-error`} data-testid={`${base}-${key}-error`}>
        {problems[key]}
      </span>
    ) : null;
  const described = (key: keyof Problems) => (problems[key] ? { 'aria-invalid': true, 'aria-describedby': `${base}-${key}-error` } : {});

  return (
    <form className="item-editor" data-testid={base} noValidate onSubmit={(e) => void submit(e)}>
      <label>
        {t('chair.titleEn')}
        <input lang="en" maxLength={TEXT_LIMITS.shortText} value={en} onChange={(e) => setEn(e.target.value)} data-testid={`${base}-title-en`} {...described('titleEn')} />
        {error('titleEn')}
      </label>
      <label>
        {t('chair.titleRu')}
        <input lang="ru" maxLength={TEXT_LIMITS.shortText} value={ru} onChange={(e) => setRu(e.target.value)} data-testid={`${base}-title-ru`} {...described('titleRu')} />
        {error('titleRu')}
      </label>
      <label>
        {t('chair.minutes')}
        <input type="number" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid={`${base}-minutes`} {...described('minutes')} />
        {error('minutes')}
      </label>
      <fieldset>
        <legend>{t('documents.title')}</legend>
        {docs.map((d, i) => (
          <div key={i} className="doc-row">
            <input type="url" placeholder="https://…" aria-label={t('votes.form.docUrl')} value={d.url} onChange={(e) => setDoc(i, { url: e.target.value })} data-testid={`${base}-doc-url-${i}`} />
            <input lang="en" aria-label={t('votes.form.docTitleEn')} placeholder={t('votes.form.docTitleEn')} value={d.en} onChange={(e) => setDoc(i, { en: e.target.value })} data-testid={`${base}-doc-en-${i}`} />
            <input lang="ru" aria-label={t('votes.form.docTitleRu')} placeholder={t('votes.form.docTitleRu')} value={d.ru} onChange={(e) => setDoc(i, { ru: e.target.value })} data-testid={`${base}-doc-ru-${i}`} />
            <button type="button" className="small" onClick={() => setDocs(docs.filter((_, j) => j !== i))}>
              {t('votes.form.remove')}
            </button>
          </div>
        ))}
        {error('docs')}
        {docs.length < ITEM_DOCUMENTS_MAX ? (
          <button type="button" className="small" data-testid={`${base}-add-doc`} onClick={() => setDocs([...docs, { url: '', en: '', ru: '' }])}>
            {t('votes.form.addDocument')}
          </button>
        ) : null}
      </fieldset>
      <div className="controls">
        <button type="submit" className="primary" data-testid={`${base}-save`}>
          {t('votes.form.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('votes.form.cancel')}
        </button>
      </div>
    </form>
  );
}
