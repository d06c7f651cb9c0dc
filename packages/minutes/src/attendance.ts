import type { AttendanceEvent, Span } from './model-types.js';

/** Attendance spans per delegation from join/leave events (a join while present is ignored). */
export function attendanceSpans(events: readonly AttendanceEvent[]): Map<string, Span[]> {
  const spans = new Map<string, Span[]>();
  const sorted = [...events].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    const list = spans.get(e.delegationId) ?? [];
    const open = list.at(-1);
    if (e.kind === 'join') {
      if (!open || open.to !== null) list.push({ from: e.at, to: null });
    } else if (open && open.to === null) {
      open.to = e.at;
    }
    spans.set(e.delegationId, list);
  }
  return spans;
}
