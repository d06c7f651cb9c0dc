import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { originalText, type MeetingDefinition } from '@rostrum/core';
import { staffApi, type StaffMeeting } from '../api.js';
import { previousDefinition } from './wizard-api.js';

/** A meeting the person manages, chosen to take something from (its definition as created). */
export function PreviousMeetingPicker({
  label,
  testId,
  onPick,
}: {
  label: string;
  testId: string;
  onPick: (definition: MeetingDefinition) => void;
}) {
  const { t } = useTranslation();
  const [meetings, setMeetings] = useState<StaffMeeting[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle');
  useEffect(() => {
    let cancelled = false;
    void staffApi.meetings().then((res) => {
      if (!cancelled) setMeetings(res.ok ? res.data : []);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  if (!meetings || meetings.length === 0) return null;
  const take = async () => {
    setState('loading');
    const def = await previousDefinition(chosen);
    if (!def) return setState('failed');
    setState('idle');
    onPick(def);
  };
  return (
    <div className="wizard-inline wizard-box">
      <label>
        <span>{label}</span>
        <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid={testId}>
          <option value="">—</option>
          {[...meetings]
            .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
            .map((m) => (
              <option key={m.id} value={m.id}>
                {originalText(m.title, m.languages).text} · {m.startsAt.slice(0, 10)}
              </option>
            ))}
        </select>
      </label>
      <button
        type="button"
        disabled={chosen === '' || state === 'loading'}
        onClick={() => void take()}
        data-testid={`${testId}-submit`}
      >
        {t('wizard.take')}
      </button>
      {state === 'failed' ? <p className="field-error">{t('wizard.previousFailed')}</p> : null}
    </div>
  );
}
