/** Latency summary of one measurement: how many samples, how many never arrived, and the percentiles. */
export type Summary = {
  count: number;
  missing: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
};

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** Summarises samples; null, undefined and non-finite values count as missing. */
export function summarize(samples: ReadonlyArray<number | null | undefined>): Summary {
  const values = samples.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const missing = samples.length - values.length;
  const sum = values.reduce((s, v) => s + v, 0);
  return {
    count: values.length,
    missing,
    min: values[0] ?? Number.NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.at(-1) ?? Number.NaN,
    mean: values.length === 0 ? Number.NaN : sum / values.length,
  };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function kb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '–';
}

export function mb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : '–';
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '–';
}

/** One line: "p50 12.3 ms · p95 … · p99 … · max … (n=2000)". */
export function line(s: Summary): string {
  const missing = s.missing > 0 ? `, ${s.missing} missing` : '';
  return `p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)} · max ${ms(s.max)} (n=${s.count}${missing})`;
}

/** A markdown table of summaries, one row each. */
export function table(rows: ReadonlyArray<{ name: string; s: Summary; note?: string }>): string {
  const out = [
    '| measurement | n | missing | p50 | p95 | p99 | max | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const { name, s, note } of rows) {
    out.push(
      `| ${name} | ${s.count} | ${s.missing} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${note ?? ''} |`,
    );
  }
  return out.join('\n');
}
