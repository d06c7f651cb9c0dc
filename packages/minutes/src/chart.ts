import type { ChartRow } from './blocks.js';
import { escapeHtml } from './escape.js';

/** Rows per drawing: a taller one would not fit on a printed page (PDF cannot split an SVG). */
export const CHART_ROWS_PER_PAGE = 30;

export const CHART_COLORS = { planned: '#b8c4d6', actual: '#1f4e79', over: '#b03a2e' } as const;

const ROW = 20;
const BAR = 7;
const LEFT = 34;
const RIGHT = 16;
const TOP = 6;
const AXIS = 22;

/** A round step for the minute axis, about five ticks across. */
function tickStep(max: number): number {
  for (const step of [1, 2, 5, 10, 15, 20, 30, 60, 120]) if (max / step <= 6) return step;
  return Math.ceil(max / 6 / 60) * 60;
}

export function chunkRows(rows: readonly ChartRow[], size = CHART_ROWS_PER_PAGE): ChartRow[][] {
  const out: ChartRow[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Planned against actual minutes per agenda item, as horizontal bars: the plan in grey, the
 * actual time in blue, red where it ran over. Only item numbers and minutes are written in
 * the drawing (the legend and the caption are set around it in the document's own font).
 */
export function timingChartSvg(
  rows: readonly ChartRow[],
  opts: { width?: number; title: string; max?: number },
): string {
  const width = opts.width ?? 640;
  const max = Math.max(1, opts.max ?? Math.max(...rows.map((r) => Math.max(r.plannedMin, r.actualMin)), 1));
  const step = tickStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const plot = width - LEFT - RIGHT;
  const x = (min: number) => LEFT + (Math.max(0, min) / axisMax) * plot;
  const height = TOP + rows.length * ROW + AXIS;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(opts.title)}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="9">`,
  );
  parts.push(`<title>${escapeHtml(opts.title)}</title>`);
  for (let t = 0; t <= axisMax; t += step) {
    const tx = r1(x(t));
    parts.push(
      `<line x1="${tx}" y1="${TOP}" x2="${tx}" y2="${TOP + rows.length * ROW}" stroke="#dddddd" stroke-width="0.5"/>`,
    );
    parts.push(`<text x="${tx}" y="${TOP + rows.length * ROW + 13}" text-anchor="middle" fill="#555555">${t}</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW + 2;
    const over = row.actualMin > row.plannedMin;
    parts.push(
      `<text x="${LEFT - 6}" y="${y + BAR + 3}" text-anchor="end" fill="#222222">${escapeHtml(row.label)}</text>`,
    );
    parts.push(
      `<rect x="${LEFT}" y="${y}" width="${r1(x(row.plannedMin) - LEFT)}" height="${BAR}" fill="${CHART_COLORS.planned}"/>`,
    );
    parts.push(
      `<rect x="${LEFT}" y="${y + BAR + 1}" width="${r1(x(row.actualMin) - LEFT)}" height="${BAR}" fill="${over ? CHART_COLORS.over : CHART_COLORS.actual}"/>`,
    );
  });
  parts.push(
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + rows.length * ROW}" stroke="#888888" stroke-width="0.75"/>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
