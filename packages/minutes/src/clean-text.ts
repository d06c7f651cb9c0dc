import { LANGUAGES, type MeetingText } from '@rostrum/core';

/**
 * Characters that no document format can carry (C0 controls but tab and newline, lone
 * surrogates, U+FFFE/U+FFFF): a DOCX with one of them does not open in Word. Users' texts
 * (notes above all, which are free Yjs text) are cleaned once here, for every format.
 */
const UNCARRIABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNCARRIABLE, '');
}

/** A meeting text with each of its languages cleaned; a language it lacks stays absent. */
export function clean(text: MeetingText): MeetingText {
  const out: MeetingText = {};
  for (const lang of LANGUAGES) {
    const value = text[lang];
    if (value !== undefined) out[lang] = cleanText(value);
  }
  return out;
}
