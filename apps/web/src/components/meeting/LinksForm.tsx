import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { httpsLinkSchema, type InterpretationLinks, type Lang, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { useMeetingLanguages } from '../MeetingText.js';
import { FieldError, invalidProps } from './FieldError.js';
import { DraftActions } from './DraftActions.js';
import { useDraft } from './use-draft.js';

type Draft = { video: string; interpretation: Partial<Record<Lang, string>> };
type Problems = { video?: string; interpretation: Partial<Record<Lang, string>> };

/** The video-call link and one interpretation link per language of the meeting; a blank field is no link. */
export function LinksForm({
  meeting,
  run,
  onSaved,
}: {
  meeting: MeetingState;
  run: (command: CommandInput) => Promise<boolean>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const base = useId();
  const languages = useMeetingLanguages();
  const draft = useDraft<Draft>({
    video: meeting.meta.videoLink ?? '',
    interpretation: { ...meeting.meta.interpretationLinks },
  });
  const [problems, setProblems] = useState<Problems>({ interpretation: {} });
  const value = draft.value;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Problems = { interpretation: {} };
    const bad = t('meetingDetails.problem.link');
    const video = value.video.trim();
    if (video !== '' && !httpsLinkSchema.safeParse(video).success) p.video = bad;
    const interpretation: InterpretationLinks = {};
    for (const lang of languages) {
      const link = value.interpretation[lang]?.trim() ?? '';
      if (link === '') continue;
      if (httpsLinkSchema.safeParse(link).success) interpretation[lang] = link;
      else p.interpretation[lang] = bad;
    }
    setProblems(p);
    if (p.video !== undefined || Object.keys(p.interpretation).length > 0) return;
    if (await run({ type: 'meeting.setLinks', videoLink: video === '' ? null : video, interpretation })) {
      draft.reset();
      onSaved();
    }
  };

  return (
    <form className="details-form" noValidate onSubmit={(e) => void submit(e)} data-testid="links-form">
      <h3>{t('meetingDetails.links')}</h3>
      <label>
        {t('meetingDetails.videoLink')}
        <input
          type="url"
          inputMode="url"
          value={value.video}
          placeholder="https://"
          spellCheck={false}
          onChange={(e) => draft.change({ ...value, video: e.target.value })}
          data-testid="links-video"
          {...invalidProps(`${base}-video`, problems.video)}
        />
        <FieldError id={`${base}-video`} problem={problems.video} testId="links-video-error" />
      </label>
      {languages.map((lang) => (
        <label key={lang}>
          {t('meetingDetails.interpretationLink', { language: t(`text.lang.${lang}`) })}
          <input
            type="url"
            inputMode="url"
            value={value.interpretation[lang] ?? ''}
            placeholder="https://"
            spellCheck={false}
            onChange={(e) =>
              draft.change({ ...value, interpretation: { ...value.interpretation, [lang]: e.target.value } })
            }
            data-testid={`links-interpretation-${lang}`}
            {...invalidProps(`${base}-${lang}`, problems.interpretation[lang])}
          />
          <FieldError
            id={`${base}-${lang}`}
            problem={problems.interpretation[lang]}
            testId={`links-interpretation-${lang}-error`}
          />
        </label>
      ))}
      <DraftActions
        draft={draft}
        saveLabel={t('meetingDetails.saveLinks')}
        testId="links-save"
        onCancel={() => setProblems({ interpretation: {} })}
      />
    </form>
  );
}
