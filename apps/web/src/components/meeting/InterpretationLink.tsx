import { useTranslation } from 'react-i18next';
import { readingLanguage, type InterpretationLinks } from '@rostrum/core';
import { useReading } from '../MeetingText.js';

/**
 * The interpretation channel of the language this person reads the meeting in (their interface
 * language when the meeting has it, else the original); nothing when that language has no link.
 */
export function InterpretationLink({ links }: { links: InterpretationLinks }) {
  const { t } = useTranslation();
  const { reader, languages } = useReading();
  const lang = readingLanguage(reader, languages);
  const href = links[lang];
  if (href === undefined) return null;
  return (
    <a
      className="button"
      href={href}
      hrefLang={lang}
      target="_blank"
      rel="noreferrer noopener"
      data-testid="interpretation-link"
      data-lang={lang}
    >
      {t('meeting.interpretation', { language: t(`text.lang.${lang}`) })}
    </a>
  );
}
