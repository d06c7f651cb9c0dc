import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Lang } from '@rostrum/core';
import en from './locales/en.json';
import ru from './locales/ru.json';

/** The language choice is remembered per browser. */
export const LANGUAGE_STORAGE_KEY = 'rostrum.lang';

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    supportedLngs: [...LANGUAGES],
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

export function currentLang(lng: string | undefined): Lang {
  return lng?.startsWith('ru') ? 'ru' : 'en';
}

export default i18next;
