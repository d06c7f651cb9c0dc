import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { line, table, type Summary } from './stats.js';

export type TargetCheck = { name: string; target: string; value: string; met: boolean | null };

export type ScenarioResult = {
  id: string;
  title: string;
  /** Connected delegates during the scenario. */
  n: number;
  summaries: Array<{ name: string; s: Summary; note?: string }>;
  figures: Record<string, number | string | boolean | null>;
  targets: TargetCheck[];
  notes: string[];
  /** Set when the scenario failed or was cut short. */
  error?: string;
};

export type RunInfo = {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  options: Record<string, unknown>;
  conditions: string[];
};

export function newResult(id: string, title: string, n: number): ScenarioResult {
  return { id, title, n, summaries: [], figures: {}, targets: [], notes: [] };
}

function verdict(met: boolean | null): string {
  return met === null ? '–' : met ? 'met' : '**missed**';
}

export function targetTable(targets: readonly TargetCheck[]): string {
  if (targets.length === 0) return '';
  const rows = targets.map((t) => `| ${t.name} | ${t.target} | ${t.value} | ${verdict(t.met)} |`);
  return ['| target | wanted | measured | |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function figureTable(figures: ScenarioResult['figures']): string {
  const entries = Object.entries(figures);
  if (entries.length === 0) return '';
  return [
    '| figure | value |',
    '| --- | --- |',
    ...entries.map(([k, v]) => `| ${k} | ${v === null ? '–' : String(v)} |`),
  ].join('\n');
}

export function scenarioMarkdown(r: ScenarioResult): string {
  const parts = [`## ${r.title} (N = ${r.n})`];
  if (r.error) parts.push(`**Failed:** ${r.error}`);
  if (r.summaries.length > 0) parts.push(table(r.summaries));
  const targets = targetTable(r.targets);
  if (targets) parts.push(targets);
  const figures = figureTable(r.figures);
  if (figures) parts.push(figures);
  // Notes of one line are a list; a note of several lines holds a table and stands on its own.
  const [tables, lines] = [r.notes.filter((n) => n.includes('\n')), r.notes.filter((n) => !n.includes('\n'))];
  if (lines.length > 0) parts.push(lines.map((n) => `- ${n}`).join('\n'));
  parts.push(...tables.map((t) => t.trim()));
  return parts.join('\n\n');
}

/** Prints a scenario's figures to the console as soon as it is done. */
export function printScenario(r: ScenarioResult): void {
  console.log(`\n── ${r.title} (N = ${r.n})`);
  if (r.error) console.log(`   FAILED: ${r.error}`);
  for (const { name, s } of r.summaries) console.log(`   ${name}: ${line(s)}`);
  for (const t of r.targets)
    console.log(
      `   target ${t.name}: ${t.value} (wanted ${t.target}) → ${t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED'}`,
    );
  for (const [k, v] of Object.entries(r.figures)) console.log(`   ${k}: ${v === null ? '–' : String(v)}`);
  // A note of several lines is a table: printed as it is, so that it stays one.
  for (const n of r.notes) console.log(n.includes('\n') ? `\n${n}` : `   · ${n}`);
}

export function writeScenario(dir: string, r: ScenarioResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(dir, `${r.id}.md`), `${scenarioMarkdown(r)}\n`);
}

/** The whole run: results.json, and summary.md with every target and every scenario. */
export function writeRun(dir: string, info: RunInfo, results: readonly ScenarioResult[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ info, results }, null, 2)}\n`);
  const m = info.machine;
  const md = [
    `# Rostrum bench: ${info.finishedAt}`,
    `\`${info.command}\` on ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}.`,
    info.conditions.map((c) => `- ${c}`).join('\n'),
    '## Targets',
    targetTable(results.flatMap((r) => r.targets)),
    ...results.map(scenarioMarkdown),
  ].join('\n\n');
  writeFileSync(join(dir, 'summary.md'), `${md}\n`);
  return md;
}

/** Replaces the text between two markers of a file (the results table of docs/bench/README.md). */
export function replaceBetween(file: string, start: string, end: string, content: string): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return false;
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${content}\n${text.slice(b)}`);
  return true;
}
