import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import ru from './locales/ru.json';

/** The language choice is remembered per browser. */
export const LANGUAGE_STORAGE_KEY = 'rostrum.lang';

/**
 * The languages the interface speaks: the five WCO working languages. Each person picks their
 * own. This is not the list of a meeting's content languages (`LANGUAGES` in @rostrum/core).
 */
export const INTERFACE_LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export type InterfaceLang = (typeof INTERFACE_LANGUAGES)[number];

/** Interface languages written right to left. */
const RIGHT_TO_LEFT: ReadonlySet<InterfaceLang> = new Set<InterfaceLang>(['ar']);

/** The interface language for a language tag ('fr-CA' → 'fr'), English when it is not one of the five. */
export function interfaceLang(lng: string | undefined): InterfaceLang {
  const language = lng?.split(/[-_]/)[0]?.toLowerCase();
  return INTERFACE_LANGUAGES.find((l) => l === language) ?? 'en';
}

export function textDirection(lang: InterfaceLang): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(lang) ? 'rtl' : 'ltr';
}

/** `lang` and `dir` on <html> follow the interface language (screen readers, fonts, layout). */
function applyToDocument(lng: string | undefined): void {
  if (typeof document === 'undefined') return;
  const lang = interfaceLang(i18next.resolvedLanguage ?? lng);
  document.documentElement.lang = lang;
  document.documentElement.dir = textDirection(lang);
}

// Listen before init: init itself emits the first `languageChanged`.
i18next.on('languageChanged', applyToDocument);

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      es: { translation: es },
      ru: { translation: ru },
      ar: { translation: ar },
    },
    supportedLngs: [...INTERFACE_LANGUAGES],
    fallbackLng: 'en',
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
  });

applyToDocument(i18next.resolvedLanguage);

export default i18next;
