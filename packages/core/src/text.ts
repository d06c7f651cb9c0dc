import { z } from 'zod';
import { LIMITS, TEXT_LIMITS } from './limits.js';

/** The two languages every human text of a meeting is written in. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const langSchema = z.enum(LANGUAGES);

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
 * instead of a key, and where a lookup of "constructor" or "toString" finds an inherited
 * property as if the id were known: every name of Object.prototype is refused.
 */
export const idSchema = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
  .refine((id) => !(id in Object.prototype), 'this id is reserved');

/** The kinds of file a document may be uploaded as; the server checks the content, not the name. */
export const FILE_KINDS = ['pdf', 'docx'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/** Longest file name kept (characters), with its extension. */
export const FILE_NAME_MAX = 200;

/**
 * An uploaded file as a document names it: the server's id, the original file name (shown and
 * used for the download), its size and kind. The server refuses a command whose reference does
 * not match a file stored for that meeting.
 */
export const fileRefSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(FILE_NAME_MAX),
  size: z.number().int().min(1).max(LIMITS.fileBytes),
  kind: z.enum(FILE_KINDS),
});
export type FileRef = z.infer<typeof fileRefSchema>;

/**
 * Only https: the link is shown to every participant, and a plain-http or `javascript:` URL
 * would be an open door.
 */
const httpsUrlSchema = z.url({ protocol: /^https$/ }).max(1000);

/**
 * A document of an agenda item (a report circulated beforehand): a title in both languages and
 * an https link, an uploaded file per language (the English and the Russian version), or both.
 * Documents stored before uploads existed are `{ title, url }` and still parse.
 */
export const itemDocumentSchema = z
  .object({
    title: bilingualSchema(TEXT_LIMITS.name),
    url: httpsUrlSchema.optional(),
    files: z.object({ en: fileRefSchema.optional(), ru: fileRefSchema.optional() }).optional(),
  })
  .refine((d) => d.url !== undefined || d.files?.en !== undefined || d.files?.ru !== undefined, {
    message: 'a document needs a link or a file',
    path: ['url'],
  });
export type ItemDocument = z.infer<typeof itemDocumentSchema>;
export const ITEM_DOCUMENTS_MAX = 10;

/**
 * A document in the meeting definition (POST /api/meetings): a link only, since no file can be
 * uploaded to a meeting that does not exist yet.
 */
export const linkDocumentSchema = z.object({
  title: bilingualSchema(TEXT_LIMITS.name),
  url: httpsUrlSchema,
});

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}
