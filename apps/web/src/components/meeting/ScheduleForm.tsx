import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timeZoneSchema, type MeetingState } from '@rostrum/core';
import type { CommandInput } from '../../live/live-meeting.js';
import { FieldError, invalidProps } from './FieldError.js';
import { DraftActions } from './DraftActions.js';
import { useDraft } from './use-draft.js';
import { knownTimeZones, wallTimeOf, zonedIso } from './zoned-time.js';

type Problems = { when?: string; timeZone?: string };

/** The planned start: a date and a time on the clock of the meeting's time zone. */
export function ScheduleForm({
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
  const { startsAt, timeZone } = meeting.meta;
  const draft = useDraft({ ...wallTimeOf(startsAt, timeZone), timeZone });
  const [problems, setProblems] = useState<Problems>({});
  const value = draft.value;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Problems = {};
    const zone = timeZoneSchema.safeParse(value.timeZone.trim());
    if (!zone.success) p.timeZone = t('meetingDetails.problem.timeZone');
    const iso = zone.success ? zonedIso(value, zone.data) : null;
    if (zone.success && iso === null) p.when = t('meetingDetails.problem.dateTime');
    setProblems(p);
    if (!zone.success || iso === null) return;
    if (await run({ type: 'meeting.schedule', startsAt: iso, timeZone: zone.data })) {
      draft.reset();
      onSaved();
    }
  };

  return (
    <form className="details-form" noValidate onSubmit={(e) => void submit(e)} data-testid="schedule-form">
      <h3>{t('meetingDetails.when')}</h3>
      <div className="details-row">
        <label>
          {t('meetingDetails.date')}
          <input
            type="date"
            value={value.date}
            onChange={(e) => draft.change({ ...value, date: e.target.value })}
            data-testid="schedule-date"
            {...invalidProps(`${base}-when`, problems.when)}
          />
        </label>
        <label>
          {t('meetingDetails.time')}
          <input
            type="time"
            value={value.time}
            onChange={(e) => draft.change({ ...value, time: e.target.value })}
            data-testid="schedule-time"
            {...invalidProps(`${base}-when`, problems.when)}
          />
        </label>
      </div>
      <FieldError id={`${base}-when`} problem={problems.when} testId="schedule-when-error" />
      <label>
        {t('meetingDetails.timeZone')}
        <input
          value={value.timeZone}
          list={`${base}-zones`}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => draft.change({ ...value, timeZone: e.target.value })}
          data-testid="schedule-zone"
          {...invalidProps(`${base}-zone`, problems.timeZone)}
        />
        <datalist id={`${base}-zones`}>
          {knownTimeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <FieldError id={`${base}-zone`} problem={problems.timeZone} testId="schedule-zone-error" />
      </label>
      <DraftActions
        draft={draft}
        saveLabel={t('meetingDetails.saveSchedule')}
        testId="schedule-save"
        onCancel={() => setProblems({})}
      />
    </form>
  );
}
