import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, TEXT_LIMITS, type Lang } from '@rostrum/core';
import { TextFields } from '../../components/TextFields.js';
import { languageName } from '../../components/text-fields.js';
import { textProblemsAt } from './draft.js';
import { FieldError, invalid, moved, RowTools } from './parts.js';
import type { StepProps } from './step-props.js';

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** Step 1: the meeting's languages (the original first), title, date, time, time zone and links. */
export function StepBasics({ draft, update, problems }: StepProps) {
  const { t, i18n } = useTranslation();
  const zones = useMemo(timeZones, []);
  const missing = LANGUAGES.filter((l) => !draft.languages.includes(l));
  const [adding, setAdding] = useState<Lang | ''>('');
  const name = (lang: Lang) => languageName(t(`text.lang.${lang}`), i18n.resolvedLanguage);
  const setLanguages = (languages: Lang[]) => update((d) => ({ ...d, languages }));

  return (
    <>
      <fieldset className="wizard-box">
        <legend>{t('wizard.basics.languages')}</legend>
        <p className="small muted">{t('wizard.basics.languagesHint')}</p>
        <ol className="wizard-list">
          {draft.languages.map((lang, i) => (
            <li key={lang} className="wizard-row" data-testid="wizard-language" data-lang={lang}>
              <span>
                {name(lang)} {i === 0 ? <span className="muted">{t('wizard.basics.original')}</span> : null}
              </span>
              <RowTools
                index={i}
                count={draft.languages.length}
                onMove={(from, to) => setLanguages(moved(draft.languages, from, to))}
                onRemove={() => draft.languages.length > 1 && setLanguages(draft.languages.filter((l) => l !== lang))}
                testId={`wizard-language-${lang}`}
              />
            </li>
          ))}
        </ol>
        {missing.length > 0 ? (
          <div className="wizard-inline">
            <label>
              <span>{t('wizard.basics.addLanguage')}</span>
              <select
                value={adding}
                onChange={(e) => setAdding(e.target.value as Lang | '')}
                data-testid="wizard-add-language"
              >
                <option value="">—</option>
                {missing.map((l) => (
                  <option key={l} value={l}>
                    {name(l)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={adding === ''}
              onClick={() => {
                if (adding !== '') setLanguages([...draft.languages, adding]);
                setAdding('');
              }}
              data-testid="wizard-add-language-submit"
            >
              {t('wizard.add')}
            </button>
          </div>
        ) : null}
      </fieldset>

      <TextFields
        label={t('wizard.basics.title')}
        value={draft.title}
        onChange={(title) => update((d) => ({ ...d, title }))}
        maxLength={TEXT_LIMITS.shortText}
        problems={textProblemsAt(problems, 'title')}
        testId={(lang) => `wizard-title-${lang}`}
      />

      <div className="wizard-inline">
        <label>
          <span>{t('wizard.basics.date')}</span>
          <input
            type="date"
            value={draft.date}
            onChange={(e) => update((d) => ({ ...d, date: e.target.value }))}
            data-testid="wizard-date"
            {...invalid(problems, 'startsAt')}
          />
        </label>
        <label>
          <span>{t('wizard.basics.time')}</span>
          <input
            type="time"
            value={draft.time}
            onChange={(e) => update((d) => ({ ...d, time: e.target.value }))}
            data-testid="wizard-time"
          />
        </label>
        <label>
          <span>{t('wizard.basics.timeZone')}</span>
          <input
            list="wizard-time-zones"
            value={draft.timeZone}
            onChange={(e) => update((d) => ({ ...d, timeZone: e.target.value }))}
            data-testid="wizard-time-zone"
            {...invalid(problems, 'timeZone')}
          />
          <datalist id="wizard-time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
      </div>
      <FieldError problems={problems} path="startsAt" testId="wizard-date" />
      <FieldError problems={problems} path="timeZone" testId="wizard-time-zone" />

      <label>
        <span>{t('wizard.basics.videoLink')}</span>
        <input
          type="url"
          value={draft.videoLink}
          placeholder="https://"
          onChange={(e) => update((d) => ({ ...d, videoLink: e.target.value }))}
          data-testid="wizard-video-link"
          {...invalid(problems, 'videoLink')}
        />
        <FieldError problems={problems} path="videoLink" testId="wizard-video-link" />
      </label>
      <fieldset className="wizard-box">
        <legend>{t('wizard.basics.interpretation')}</legend>
        {draft.languages.map((lang) => (
          <label key={lang}>
            <span>{name(lang)}</span>
            <input
              type="url"
              value={draft.interpretationLinks[lang] ?? ''}
              placeholder="https://"
              onChange={(e) =>
                update((d) => ({ ...d, interpretationLinks: { ...d.interpretationLinks, [lang]: e.target.value } }))
              }
              data-testid={`wizard-interpretation-${lang}`}
              {...invalid(problems, `interpretationLinks.${lang}`)}
            />
            <FieldError
              problems={problems}
              path={`interpretationLinks.${lang}`}
              testId={`wizard-interpretation-${lang}`}
            />
          </label>
        ))}
      </fieldset>
    </>
  );
}
