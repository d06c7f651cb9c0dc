import { useTranslation } from 'react-i18next';
import type { MeetingState } from '@rostrum/core';
import { useTextOf } from '../MeetingText.js';

/** One delegation of the roster, or none (''), in the roster's order. */
export function DelegationSelect({
  meeting,
  label,
  value,
  onChange,
  testId,
}: {
  meeting: MeetingState;
  label: string;
  value: string;
  onChange: (delegationId: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const textOf = useTextOf();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t('meetingDetails.noDelegation')}</option>
        {meeting.roster.delegationOrder.map((id) => {
          const d = meeting.roster.delegations[id];
          return d ? (
            <option key={id} value={id}>
              {textOf(d.name)}
            </option>
          ) : null;
        })}
      </select>
    </label>
  );
}
