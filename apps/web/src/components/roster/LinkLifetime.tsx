import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { formatDateTime } from '../../format.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const lifetimeSchema = z.object({
  ok: z.literal(true),
  data: z.object({
    status: z.string(),
    closedAt: z.number().nullable(),
    graceMs: z.number(),
    validUntil: z.number().nullable(),
    extendedUntil: z.number().nullable(),
  }),
});
type Lifetime = z.infer<typeof lifetimeSchema>['data'];

/** The stable code of a refused extension (`issues[0].code`, docs/protocol.md). */
const refusalSchema = z.object({ error: z.object({ issues: z.array(z.object({ code: z.string() })).min(1) }) });

/** The end of a day picked in a date field (yyyy-mm-dd), in the viewer's time zone: a link works through that day. */
function endOfDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).getTime();
}

/**
 * How long the meeting's links work (until a grace after it closes, server's link-validity.ts),
 * and a date to keep them working until: a meeting whose record people still need after the
 * grace, or links that stopped and must work again. `onChanged`: the links' dates changed.
 */
export function LinkLifetime({
  meetingId,
  token,
  onChanged,
}: {
  meetingId: string;
  token: string | null;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language; // dates follow the interface language
  const inputId = useId();
  const [lifetime, setLifetime] = useState<Lifetime | null>(null);
  const [date, setDate] = useState('');
  const [said, setSaid] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!token) return;
    try {
      const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/links/lifetime`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const parsed = lifetimeSchema.safeParse(await res.json());
      setLifetime(parsed.success ? parsed.data.data : null);
    } catch {
      setLifetime(null);
    }
  }, [meetingId, token]);
  useEffect(() => void load(), [load]);

  const extend = async () => {
    const until = endOfDay(date);
    if (until === null || !token) return;
    if (until <= Date.now()) return setSaid(t('links.extendPast'));
    try {
      const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/links/extend`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ until }),
      });
      if (res.ok) {
        setSaid(t('links.extended', { date: formatDateTime(until, lang) }));
        onChanged();
      } else {
        const refusal = refusalSchema.safeParse(await res.json());
        const code = refusal.success ? refusal.data.error.issues[0]?.code : undefined;
        setSaid(code === 'date_in_past' ? t('links.extendPast') : t('links.extendFailed'));
      }
    } catch {
      setSaid(t('links.extendFailed'));
    }
    await load();
  };

  let summary = '';
  if (lifetime) {
    if (lifetime.validUntil !== null)
      summary = t('links.lifetimeUntil', { date: formatDateTime(lifetime.validUntil, lang) });
    else if (lifetime.extendedUntil !== null)
      summary = t('links.lifetimeExtended', {
        count: Math.round(lifetime.graceMs / DAY_MS),
        date: formatDateTime(lifetime.extendedUntil, lang),
      });
    else summary = t('links.lifetimeOpen', { count: Math.round(lifetime.graceMs / DAY_MS) });
  }

  return (
    <div className="link-lifetime" data-testid="link-lifetime">
      <p data-testid="link-lifetime-summary">{summary}</p>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void extend();
        }}
      >
        <label htmlFor={inputId}>{t('links.extendLabel')}</label>
        <input
          id={inputId}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          data-testid="links-extend-date"
        />
        <button type="submit" className="small" disabled={endOfDay(date) === null} data-testid="links-extend">
          {t('links.extend')}
        </button>
      </form>
      <p role="status" aria-live="polite" data-testid="link-lifetime-status">
        {said ?? ''}
      </p>
    </div>
  );
}
