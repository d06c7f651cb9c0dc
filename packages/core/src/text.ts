import { z } from 'zod';
import { LIMITS, TEXT_LIMITS } from './limits.js';

/**
 * The languages a meeting may be held in: the WCO's official languages (English, French) and
 * those its regions work in (Spanish, Russian, Arabic). A meeting has one to five of them, in
 * order; the first is its original language.
 */
export const LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const langSchema = z.enum(LANGUAGES);
/** Languages written right to left: the layout, the minutes and the bidi isolation follow it. */
export const RTL_LANGUAGES: readonly Lang[] = ['ar'];
/** The languages of a meeting stored before meetings had their own (every text in both). */
export const LEGACY_LANGUAGES: readonly Lang[] = ['en', 'ru'];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A meeting's languages: one to five, none twice; the first is the original. */
export const meetingLanguagesSchema = z
  .array(langSchema)
  .min(1)
  .max(LANGUAGES.length)
  .refine((langs) => new Set(langs).size === langs.length, 'a language is listed twice');

/**
 * A human text of a meeting (a title, a name, a proposal), per language. Required in the
 * meeting's original language, optional in its others (`textProblem` checks that against a
 * meeting); the schema alone only asks for one language at least. A blank translation is no
 * translation: it is left out, never stored as "".
 */
export const meetingTextSchema = (max: number = TEXT_LIMITS.shortText) => {
  const one = z.string().trim().min(1).max(max).optional();
  return z
    .strictObject({ en: one, fr: one, es: one, ru: one, ar: one })
    .refine((t) => LANGUAGES.some((l) => t[l] !== undefined), 'a text needs at least one language');
};
export type MeetingText = Partial<Record<Lang, string>>;

/**
 * What is wrong with a text for a meeting held in `languages`: missing in the original, or
 * written in a language the meeting does not have. `null` when it is fine.
 */
export function textProblem(text: MeetingText, languages: readonly Lang[]): string | null {
  const original = languages[0] ?? 'en';
  if (!text[original]) return `missing in the meeting's original language (${original})`;
  const foreign = LANGUAGES.filter((l) => text[l] !== undefined && !languages.includes(l));
  if (foreign.length > 0) return `in a language the meeting does not have (${foreign.join(', ')})`;
  return null;
}

/** The languages of a meeting in which a text is missing (the original never is, once checked). */
export function missingLanguages(text: MeetingText, languages: readonly Lang[]): Lang[] {
  return languages.filter((l) => !text[l]);
}

/**
 * The language a reader reads a meeting's texts in: their own when the meeting has it,
 * else the meeting's original.
 */
export function readingLanguage(reader: Lang, languages: readonly Lang[]): Lang {
  return languages.includes(reader) ? reader : (languages[0] ?? 'en');
}

/**
 * How a text is shown to a reader:
 * - `reading`: in the reader's language;
 * - `untranslated`: the meeting has the reader's language but this text is not translated yet,
 *   so the original is shown, marked "not translated";
 * - `original`: the meeting is not held in the reader's language; the original is shown, marked
 *   with its language.
 */
export type ShownText = { text: string; lang: Lang; state: 'reading' | 'untranslated' | 'original' };

export function showText(text: MeetingText, reader: Lang, languages: readonly Lang[]): ShownText {
  const own = text[reader];
  if (languages.includes(reader) && own) return { text: own, lang: reader, state: 'reading' };
  const { text: original, lang } = originalText(text, languages);
  return { text: original, lang, state: languages.includes(reader) ? 'untranslated' : 'original' };
}

/**
 * A text in its original language. A text stored before a meeting gained its language set may
 * lack it only if the record was written outside the rules: the first language it has is used.
 */
export function originalText(text: MeetingText, languages: readonly Lang[]): { text: string; lang: Lang } {
  for (const lang of [...languages, ...LANGUAGES]) {
    const t = text[lang];
    if (t) return { text: t, lang };
  }
  return { text: '', lang: languages[0] ?? 'en' };
}

/** A text in one language, falling back to the original (for exports that want a string). */
export function textIn(text: MeetingText, lang: Lang, languages: readonly Lang[]): string {
  return text[lang] || originalText(text, languages).text;
}

/** The text with one language set (or removed, for a blank), the others kept. */
export function withTranslation(text: MeetingText, lang: Lang, value: string): MeetingText {
  const next: MeetingText = { ...text };
  const trimmed = value.trim();
  if (trimmed) next[lang] = trimmed;
  else delete next[lang];
  return next;
}

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
 * A document of an agenda item (a report circulated beforehand): a title per language and
 * an https link, an uploaded file per language of the meeting, or both.
 * Documents stored before uploads existed are `{ title, url }` and still parse.
 */
export const itemDocumentSchema = z
  .object({
    title: meetingTextSchema(TEXT_LIMITS.name),
    url: httpsUrlSchema.optional(),
    /** One file per language of the meeting (the English version, the French one…). */
    files: z
      .strictObject({
        en: fileRefSchema.optional(),
        fr: fileRefSchema.optional(),
        es: fileRefSchema.optional(),
        ru: fileRefSchema.optional(),
        ar: fileRefSchema.optional(),
      })
      .optional(),
  })
  .refine((d) => d.url !== undefined || LANGUAGES.some((l) => d.files?.[l] !== undefined), {
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
  title: meetingTextSchema(TEXT_LIMITS.name),
  url: httpsUrlSchema,
});
