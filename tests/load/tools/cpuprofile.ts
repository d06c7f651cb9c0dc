// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time per function and
// inclusive time of the heaviest call paths. Usage: node --import tsx tests/load/tools/cpuprofile.ts FILE [top]
import { readFileSync } from 'node:fs';

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { id: number; callFrame: Frame; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] };

function isProfile(v: unknown): v is Profile {
  return (
    typeof v === 'object' && v !== null && 'nodes' in v && Array.isArray(v.nodes) && 'startTime' in v && 'endTime' in v
  );
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 30);
if (!file) throw new Error('usage: cpuprofile.ts FILE [top]');
const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
if (!isProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`);
const profile = parsed;

const totalMs = (profile.endTime - profile.startTime) / 1000;
const samples = profile.samples?.length ?? 0;
const msPerSample = samples > 0 ? totalMs / samples : 0;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (f: Frame) => {
  const where = f.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/work\/main\//, '');
  return `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  if (hits === 0) continue;
  const key = short(n.callFrame);
  self.set(key, (self.get(key) ?? 0) + hits);
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const node = byId.get(id);
    if (!node) break;
    const k = short(node.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + hits);
  }
}

const idle = [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
console.log(
  `${file}: ${totalMs.toFixed(0)} ms, ${samples} samples, busy ${((samples - idle) * msPerSample).toFixed(0)} ms`,
);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m.entries()]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`${(v * msPerSample).toFixed(0).padStart(8)} ms  ${k}`);
  }
};
show('self time', self);
show('inclusive time', inclusive);
