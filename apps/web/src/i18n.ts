import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { chunkRecovery } from './chunk-recovery.js';

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

/**
 * The other interface languages are fetched when someone chooses one, each as a chunk of its
 * own: a delegate downloads their language and English (the fallback, bundled), not all five
 * (about 150 KB of JSON, most of the app's budget).
 */
const LOCALES: Record<Exclude<InterfaceLang, 'en'>, () => Promise<{ default: ResourceKey }>> = {
  fr: () => import('./locales/fr.json'),
  es: () => import('./locales/es.json'),
  ru: () => import('./locales/ru.json'),
  ar: () => import('./locales/ar.json'),
};

const lazyLocales: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, _namespace, callback) => {
    const lang = interfaceLang(language);
    if (lang === 'en') return callback(null, en);
    LOCALES[lang]().then(
      (module) => callback(null, module.default),
      (err: unknown) => {
        // The locale's chunk is missing on the server (a rolling upgrade): reload once. Offline,
        // or once given up, English stays.
        if (navigator.onLine) chunkRecovery.missingChunk();
        callback(err instanceof Error ? err.message : String(err), false);
      },
    );
  },
};

// Listen before init: init itself emits the first `languageChanged`.
i18next.on('languageChanged', applyToDocument);

/** Resolves once the chosen interface language is loaded: render after it (main.tsx). */
export const i18nReady = i18next
  .use(LanguageDetector)
  .use(lazyLocales)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    // English is bundled; the others come through `lazyLocales`.
    partialBundledLanguages: true,
    supportedLngs: [...INTERFACE_LANGUAGES],
    fallbackLng: 'en',
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    // Re-render when a locale arrives, not only on a change of language: the projector and the
    // decision drafts use the meeting's languages' wording (`loadMeetingLocales`).
    react: { bindI18n: 'languageChanged loaded' },
    detection: {
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
  });

applyToDocument(i18next.resolvedLanguage);

/**
 * Loads the interface wording of a meeting's languages, for what is written in each of them
 * whatever the reader's own (the projector's headings, the chair's decision drafts).
 */
export function loadMeetingLocales(languages: readonly string[]): void {
  void i18next.loadLanguages(languages.map((l) => interfaceLang(l)));
}

/** Whether a language's wording is here (else `getFixedT` would answer in English). */
export function hasLocale(lang: string): boolean {
  return i18next.hasResourceBundle(interfaceLang(lang), 'translation');
}

export default i18next;
