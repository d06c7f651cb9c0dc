import { useTranslation } from 'react-i18next';
import { INTERFACE_LANGUAGES, interfaceLang } from '../i18n.js';

/**
 * The interface language: the five WCO working languages, each named in its own language (the
 * `language.*` keys hold the same names in every locale) so that anyone finds their own. A
 * compact select: five buttons do not fit beside the other tools on a 375 px phone. The choice
 * is remembered in this browser (i18n.ts).
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = interfaceLang(i18n.resolvedLanguage);
  return (
    <label className="theme-switch lang-switch">
      {t('language.label')}
      <select
        data-testid="lang-switch"
        lang={lang}
        value={lang}
        onChange={(e) => {
          const next = INTERFACE_LANGUAGES.find((l) => l === e.target.value);
          if (next) void i18n.changeLanguage(next);
        }}
      >
        {INTERFACE_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l} data-testid={`lang-${l}`}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
