import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Lang } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { useConfirm } from '../Dialog.js';
import { languageName } from '../text-fields.js';

/**
 * Adds a language to the meeting (at the end of its list): its texts start untranslated and
 * every participant reading it sees them marked so until the secretariat fills them in. A
 * language cannot be removed, so the secretariat confirms first.
 */
export function AddLanguage({
  languages,
  run,
}: {
  languages: readonly Lang[];
  run: (command: CommandInput) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const { confirm, dialog } = useConfirm();
  const lacking = LANGUAGES.filter((l) => !languages.includes(l));
  const [picked, setPicked] = useState<Lang | null>(null);
  const lang = picked !== null && lacking.includes(picked) ? picked : (lacking[0] ?? null);
  if (lang === null) return null;
  const nameOf = (l: Lang) => languageName(t(`text.lang.${l}`), i18n.resolvedLanguage);
  const add = async () => {
    const ok = await confirm({
      title: t('translations.addLanguageTitle', { language: t(`text.lang.${lang}`) }),
      message: t('translations.addLanguageMessage', { language: t(`text.lang.${lang}`) }),
      confirmLabel: t('translations.addLanguage'),
    });
    if (ok && (await run({ type: 'meeting.addLanguage', lang }))) setPicked(null);
  };
  return (
    <div className="add-language">
      <label>
        {t('translations.newLanguage')}
        <select
          value={lang}
          data-testid="add-language-select"
          onChange={(e) => setPicked(lacking.find((l) => l === e.target.value) ?? null)}
        >
          {lacking.map((l) => (
            <option key={l} value={l}>
              {nameOf(l)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="small" data-testid="add-language" onClick={() => void add()}>
        {t('translations.addLanguage')}
      </button>
      {dialog}
    </div>
  );
}
