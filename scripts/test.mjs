// `npm test`: install what is missing (Chromium included), then typecheck, lint, unit,
// integration and end-to-end tests, failing on the first red step.
import { ensureChromium, ensureInstalled, ensureWebBuilt, run } from './lib.mjs';

const step = (name) => console.log(`\n▶ ${name}`);

ensureInstalled();
step('typecheck');
run('npx', ['tsc', '-p', 'packages/core']);
run('npx', ['tsc', '-p', 'apps/server']);
run('npx', ['tsc', '-p', 'apps/web']);
run('npx', ['tsc', '-p', 'tests']);
run('npx', ['tsc', '-p', 'packages/minutes']);
step('lint');
run('npx', ['eslint', '.']);
run('npx', ['prettier', '--check', '.']);
step('unit and integration tests');
run('npx', ['vitest', 'run']);
step('end-to-end tests (Chromium)');
ensureChromium();
ensureWebBuilt({ force: true });
run('npx', ['playwright', 'test']);
console.log('\n✓ all tests passed');
