import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ITEM_DOCUMENTS_MAX, TEXT_LIMITS } from '@rostrum/core';
import { TextFields } from '../../components/TextFields.js';
import { textOfDraft } from '../../components/text-fields.js';
import { parseNumberedAgenda } from './agenda-paste.js';
import { textProblemsAt, withPastedItems, type DraftItem } from './draft.js';
import { uniqueIdOf } from './ids.js';
import { FieldError, invalid, moved, RowTools } from './parts.js';
import { IdField } from './StepPeople.js';
import type { StepProps } from './step-props.js';

const DEFAULT_MINUTES = 15;

/** Step 3: the agenda, typed item by item or started from a numbered list pasted from a document. */
export function StepAgenda({ draft, update, problems }: StepProps) {
  const { t } = useTranslation();
  const [pasted, setPasted] = useState('');
  const original = draft.languages[0] ?? 'en';
  const setItem = (i: number, change: Partial<DraftItem>) =>
    update((d) => ({ ...d, agenda: d.agenda.map((a, j) => (i === j ? { ...a, ...change } : a)) }));
  const titles = parseNumberedAgenda(pasted);

  return (
    <>
      <details className="wizard-box" open={draft.agenda.length === 0}>
        <summary>{t('wizard.agenda.paste')}</summary>
        <label>
          <span>{t('wizard.agenda.pasteHint', { language: t(`text.lang.${original}`) })}</span>
          <textarea
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'1. …\n2) …\n3 …'}
            data-testid="wizard-agenda-paste"
          />
        </label>
        <button
          type="button"
          disabled={titles.length === 0}
          onClick={() => {
            update((d) => withPastedItems(d, titles, DEFAULT_MINUTES));
            setPasted('');
          }}
          data-testid="wizard-agenda-paste-submit"
        >
          {t('wizard.agenda.pasteButton', { count: titles.length })}
        </button>
      </details>
      <FieldError problems={problems} path="agenda" testId="wizard-agenda" />

      <ol className="wizard-list">
        {draft.agenda.map((item, i) => (
          <li key={i} className="wizard-box" data-testid="wizard-item">
            <TextFields
              label={t('wizard.agenda.itemTitle', { number: i + 1 })}
              value={item.title}
              onChange={(title) => setItem(i, { title })}
              maxLength={TEXT_LIMITS.shortText}
              problems={textProblemsAt(problems, `agenda.${i}.title`)}
              testId={(lang) => `wizard-item-${i}-title-${lang}`}
            />
            <div className="wizard-inline">
              <label>
                <span>{t('wizard.agenda.minutes')}</span>
                <input
                  type="number"
                  min={1}
                  max={600}
                  value={item.minutes}
                  onChange={(e) => setItem(i, { minutes: e.target.value })}
                  data-testid={`wizard-item-${i}-minutes`}
                  {...invalid(problems, `agenda.${i}.plannedMinutes`)}
                />
                <FieldError
                  problems={problems}
                  path={`agenda.${i}.plannedMinutes`}
                  testId={`wizard-item-${i}-minutes`}
                />
              </label>
              <IdField
                value={item.id}
                onChange={(id) => setItem(i, { id })}
                path={`agenda.${i}.id`}
                problems={problems}
                testId={`wizard-item-${i}-id`}
                suggest={() =>
                  uniqueIdOf(
                    textOfDraft(item.title, draft.languages),
                    draft.languages,
                    new Set(draft.agenda.filter((_, j) => j !== i).map((x) => x.id)),
                    'item',
                  )
                }
              />
            </div>
            {draft.presenters.length > 0 ? (
              <fieldset>
                <legend>{t('wizard.agenda.presenters')}</legend>
                {draft.presenters.map((p) => (
                  <label key={p.id} className="staff-check">
                    <input
                      type="checkbox"
                      checked={item.presenterIds.includes(p.id)}
                      onChange={(e) =>
                        setItem(i, {
                          presenterIds: e.target.checked
                            ? [...item.presenterIds, p.id]
                            : item.presenterIds.filter((x) => x !== p.id),
                        })
                      }
                    />
                    <span>{p.name[original] || p.id}</span>
                  </label>
                ))}
                <FieldError
                  problems={problems}
                  path={`agenda.${i}.presenterIds`}
                  testId={`wizard-item-${i}-presenters`}
                />
              </fieldset>
            ) : null}
            <fieldset>
              <legend>{t('wizard.agenda.documents')}</legend>
              {item.documents.map((doc, j) => (
                <div key={j} className="wizard-box">
                  <TextFields
                    label={t('wizard.agenda.documentTitle')}
                    value={doc.title}
                    onChange={(title) =>
                      setItem(i, { documents: item.documents.map((x, k) => (k === j ? { ...x, title } : x)) })
                    }
                    maxLength={TEXT_LIMITS.name}
                    problems={textProblemsAt(problems, `agenda.${i}.documents.${j}.title`)}
                    testId={(lang) => `wizard-item-${i}-doc-${j}-${lang}`}
                  />
                  <label>
                    <span>{t('wizard.agenda.documentUrl')}</span>
                    <input
                      type="url"
                      placeholder="https://"
                      value={doc.url}
                      onChange={(e) =>
                        setItem(i, {
                          documents: item.documents.map((x, k) => (k === j ? { ...x, url: e.target.value } : x)),
                        })
                      }
                      data-testid={`wizard-item-${i}-doc-${j}-url`}
                      {...invalid(problems, `agenda.${i}.documents.${j}.url`)}
                    />
                    <FieldError
                      problems={problems}
                      path={`agenda.${i}.documents.${j}.url`}
                      testId={`wizard-item-${i}-doc-${j}-url`}
                    />
                  </label>
                  <button
                    type="button"
                    onClick={() => setItem(i, { documents: item.documents.filter((_, k) => k !== j) })}
                  >
                    {t('wizard.remove')}
                  </button>
                </div>
              ))}
              {item.documents.length < ITEM_DOCUMENTS_MAX ? (
                <button
                  type="button"
                  onClick={() => setItem(i, { documents: [...item.documents, { title: {}, url: '' }] })}
                  data-testid={`wizard-item-${i}-add-doc`}
                >
                  {t('wizard.agenda.addDocument')}
                </button>
              ) : null}
            </fieldset>
            <RowTools
              index={i}
              count={draft.agenda.length}
              onMove={(from, to) => update((d) => ({ ...d, agenda: moved(d.agenda, from, to) }))}
              onRemove={() => update((d) => ({ ...d, agenda: d.agenda.filter((_, j) => j !== i) }))}
              testId={`wizard-item-${i}`}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          update((d) => ({
            ...d,
            agenda: [
              ...d.agenda,
              { id: '', title: {}, minutes: String(DEFAULT_MINUTES), presenterIds: [], documents: [] },
            ],
          }))
        }
        data-testid="wizard-add-item"
      >
        {t('wizard.agenda.addItem')}
      </button>
    </>
  );
}
