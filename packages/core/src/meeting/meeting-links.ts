import { z } from 'zod';
import { langSchema, type Lang } from '../text.js';

/**
 * A link people open from the meeting (the video call, an interpretation channel). Only https:
 * a link shown to every participant must not send them to a page anyone on the way can change.
 */
export const httpsLinkSchema = z.url({ protocol: /^https$/ }).max(500);

/**
 * One interpretation link per language of the meeting (the audio channel in that language); a
 * participant is shown the one of the language they read. Languages without a link are absent.
 */
export const interpretationLinksSchema = z.partialRecord(langSchema, httpsLinkSchema);
export type InterpretationLinks = z.infer<typeof interpretationLinksSchema>;

/** The first language of `links` the meeting does not have, or null. */
export function foreignLinkLanguage(links: InterpretationLinks, languages: readonly Lang[]): Lang | null {
  const foreign = langSchema.options.find((l) => links[l] !== undefined && !languages.includes(l));
  return foreign ?? null;
}
