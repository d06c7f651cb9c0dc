import { z } from 'zod';

/** The two languages every human text of a meeting is written in. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const langSchema = z.enum(LANGUAGES);

/** Limits shared by the schemas, so the UI can show them too. */
export const TEXT_LIMITS = {
  shortText: 300,
  name: 160,
  id: 64,
} as const;

/** A human text in both meeting languages. Neither may be blank: minutes are bilingual. */
export const bilingualSchema = (max: number = TEXT_LIMITS.shortText) =>
  z.object({
    en: z.string().trim().min(1).max(max),
    ru: z.string().trim().min(1).max(max),
  });
export type Bilingual = { en: string; ru: string };

/**
 * Ids are URL-safe and short: they appear in links, Yjs keys and log rows. They are also keys
 * of plain objects (state records, Y.Map#toJSON), where "__proto__" would set the prototype
 * instead of a key: it is refused.
 */
export const idSchema = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
  .refine((id) => id !== '__proto__', 'this id is reserved');

/**
 * A document of an agenda item (a report circulated beforehand): a title in both languages and
 * an https link. Only https: the link is shown to every participant, and a plain-http or
 * `javascript:` URL would be an open door.
 */
export const itemDocumentSchema = z.object({
  title: bilingualSchema(TEXT_LIMITS.name),
  url: z.url({ protocol: /^https$/ }).max(1000),
});
export type ItemDocument = z.infer<typeof itemDocumentSchema>;
export const ITEM_DOCUMENTS_MAX = 10;

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}
