import { createContext, Fragment, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LEGACY_LANGUAGES, RTL_LANGUAGES, showText, type Lang, type MeetingText, type ShownText } from '@rostrum/core';
import { interfaceLang } from '../i18n.js';
import { shownInEach } from './shown-texts.js';
import './meeting-text.css';

/**
 * The meeting's languages, the original first, for every text shown below the provider. The
 * meeting screen provides them from the record; outside a meeting (or before it loads) the
 * languages of meetings before they had their own apply.
 */
const MeetingLanguages = createContext<readonly Lang[]>(LEGACY_LANGUAGES);

export function MeetingLanguagesProvider({ languages, children }: { languages: readonly Lang[]; children: ReactNode }) {
  return <MeetingLanguages.Provider value={languages}>{children}</MeetingLanguages.Provider>;
}

export function useMeetingLanguages(): readonly Lang[] {
  return useContext(MeetingLanguages);
}

/** The direction a language is written in, for `dir` on a text shown in it. */
export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
}

/**
 * How to show a meeting's texts to this person: in their interface language when the meeting
 * has it, else in the original, marked (`showText`).
 */
export function useReading(): { reader: Lang; languages: readonly Lang[]; show: (text: MeetingText) => ShownText } {
  const { i18n } = useTranslation();
  const languages = useMeetingLanguages();
  const reader = interfaceLang(i18n.resolvedLanguage);
  return { reader, languages, show: (text) => showText(text, reader, languages) };
}

/**
 * A text as a plain string, for attributes (`aria-label`, `title`) and interpolation: the
 * shown text, followed by its language in brackets when it is not the reader's (an
 * attribute cannot carry the visible mark).
 */
export function useTextOf(): (text: MeetingText) => string {
  const { t } = useTranslation();
  const { show } = useReading();
  return (text) => {
    const shown = show(text);
    return shown.state === 'reading' ? shown.text : `${shown.text} (${t(`text.lang.${shown.lang}`)})`;
  };
}

/**
 * A meeting text in the reader's language, or in the original with a visible mark: "not
 * translated" when the meeting has the reader's language but this text is still missing in it,
 * the original's language code when the meeting is not held in the reader's language. The text
 * carries its own `lang` and `dir`, and is isolated (<bdi>) so that a Latin name in an Arabic
 * line, or Arabic in an English one, keeps its order.
 */
export function Txt({ text, className }: { text: MeetingText; className?: string }) {
  const { reader, show } = useReading();
  return <ShownTxt shown={show(text)} reader={reader} className={className} />;
}

/**
 * A text already chosen for a reader (`showText`, `shownInEach`): the projector shows one per
 * language it projects, each marked in its own language.
 */
export function ShownTxt({ shown, reader, className }: { shown: ShownText; reader: Lang; className?: string }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(reader);
  const body = (
    <bdi lang={shown.lang} dir={dirOf(shown.lang)} data-meeting-text={shown.state}>
      {shown.text}
    </bdi>
  );
  if (shown.state === 'reading' && className === undefined) return body;
  return (
    <span className={['meeting-text', className].filter(Boolean).join(' ')}>
      {body}
      {/* A space, not a margin, between text and mark: it falls between them whichever way the line runs. */}
      {shown.state === 'reading' ? null : ' '}
      {shown.state === 'reading' ? null : (
        <span
          className={`text-mark text-mark-${shown.state}`}
          lang={reader}
          dir={dirOf(reader)}
          data-testid="text-mark"
          title={t(`text.mark.${shown.state}Title`, { language: t(`text.lang.${shown.lang}`) })}
        >
          {shown.state === 'untranslated' ? t('text.mark.untranslated') : shown.lang.toUpperCase()}
        </span>
      )}
    </span>
  );
}

/**
 * A text as lines of its own (a title): one in the reader's language, or, on a projector, one
 * per language it projects (`langs`), each in its own direction, the same text never twice.
 */
export function TextLines({
  text,
  langs,
  className,
}: {
  text: MeetingText;
  langs?: readonly Lang[];
  className: string;
}) {
  const { languages } = useReading();
  if (langs === undefined)
    return (
      <p className={className}>
        <Txt text={text} />
      </p>
    );
  return (
    <>
      {shownInEach(text, langs, languages).map(({ reader, shown }) => (
        <p key={reader} className={`${className} text-line`} lang={reader} dir={dirOf(shown.lang)}>
          <ShownTxt shown={shown} reader={reader} />
        </p>
      ))}
    </>
  );
}

/**
 * A text within a line (a name): in the reader's language, or, on a projector, in each language
 * it projects, one after the other ("Ouzbékistan / أوزبكستان"), the same text never twice.
 */
export function InlineTexts({ text, langs }: { text: MeetingText; langs?: readonly Lang[] }) {
  const { languages } = useReading();
  if (langs === undefined) return <Txt text={text} />;
  return (
    <>
      {shownInEach(text, langs, languages).map(({ reader, shown }, i) => (
        <Fragment key={reader}>
          {i > 0 ? ' / ' : null}
          <ShownTxt shown={shown} reader={reader} />
        </Fragment>
      ))}
    </>
  );
}
