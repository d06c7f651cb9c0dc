import { targetTable, type ScenarioResult } from './report.js';
import { ms } from './stats.js';

/** The README's tables: every target, the fan-out side by side, memory per connection, the main figures. */
export function headline(rs: readonly ScenarioResult[]): string {
  const parts = ['### Targets', targetTable(rs.flatMap((r) => r.targets))];
  const fan = rs.find((r) => r.id === 'fan-out');
  const side = fan?.notes.find((n) => n.startsWith('Side by side'));
  if (side) parts.push('### Fan-out, Rostrum next to the baselines', side.trim());
  const memNames: Record<string, string> = {
    memory: 'Rostrum (2 connections per delegate: Socket.IO + Yjs)',
    'large-memory': 'Rostrum, large run (2 connections per delegate)',
    'baseline-sio-memory': 'bare Socket.IO (1 connection per client)',
    'baseline-yws-memory': 'reference y-websocket (1 connection per client)',
  };
  const memRows = rs
    .filter((r) => r.id in memNames)
    .map(
      (r) =>
        `| ${memNames[r.id] ?? r.id} | ${r.n} | ${String(r.figures['RSS per client'])} | ${String(r.figures['heap per client'])} |`,
    );
  if (memRows.length > 0)
    parts.push(
      '### Server memory per connected client (after a full GC)',
      ['| server | N | RSS per client | heap per client |', '| --- | ---: | ---: | ---: |', ...memRows].join('\n'),
    );
  const rows: string[] = [];
  for (const r of rs) {
    if (r.error) rows.push(`| ${r.title} | failed: ${r.error} |`);
    for (const { name, s } of r.summaries.slice(0, 2))
      rows.push(
        `| ${r.title} — ${name} | p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)} · max ${ms(s.max)}${s.missing ? ` · ${s.missing} missing` : ''} |`,
      );
  }
  parts.push(
    '### Main figures of every scenario',
    ['| scenario — measurement | latency |', '| --- | --- |', ...rows].join('\n'),
  );
  return parts.join('\n\n');
}
