import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@rostrum/core';
import { currentLang } from '../i18n.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.resolvedLanguage);
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          data-testid={`lang-${l}`}
          onClick={() => void i18n.changeLanguage(l)}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}
