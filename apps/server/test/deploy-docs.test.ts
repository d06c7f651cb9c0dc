import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '@rostrum/core';

/**
 * docs/deploy.md shows the operator's files (docs/deploy/) as they are, so that what the page
 * says is what tests/cluster/nginx.test.ts runs; and the files keep the properties the page
 * promises (the nginx test checks the rest with a real nginx).
 */
const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const deploy = read('docs/deploy.md');

describe('docs/deploy.md and docs/deploy/', () => {
  it.each([
    ['nginx.conf', 'nginx'],
    ['rostrum.service', 'ini'],
    ['rostrum.env', 'sh'],
  ])('shows docs/deploy/%s verbatim in a ```%s block', (file, lang) => {
    expect(deploy).toContain(`\`\`\`${lang}\n${read(`docs/deploy/${file}`)}\`\`\`\n`);
  });

  it('nginx: bodies above the upload limit, an access log without query strings', () => {
    const conf = read('docs/deploy/nginx.conf');
    const size = /client_max_body_size (\d+)m;/.exec(conf)?.[1];
    expect(Number(size) * 1024 * 1024).toBeGreaterThan(LIMITS.fileBytes);
    const format = /log_format rostrum ([^;]*);/.exec(conf)?.[1] ?? '';
    expect(format).toContain('$uri');
    for (const leaky of ['$request_uri', '$request ', '$args', '$query_string', '$request"'])
      expect(format).not.toContain(leaky);
    // Every access_log uses that format.
    for (const line of conf.split('\n').filter((l) => l.trim().startsWith('access_log')))
      expect(line.trim()).toMatch(/ rostrum;$/);
  });

  it('systemd: restarts on failure, reads the environment file, runs as its own user, lets V8 compile', () => {
    const unit = read('docs/deploy/rostrum.service');
    for (const line of [
      'Restart=on-failure',
      'EnvironmentFile=/etc/rostrum/rostrum.env',
      'User=rostrum',
      'ExecStart=/usr/bin/node --import tsx apps/server/src/main.ts',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'StateDirectory=rostrum',
    ])
      expect(unit.split('\n')).toContain(line);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
    const env = read('docs/deploy/rostrum.env');
    expect(env).toMatch(/^TRUST_PROXY=10\.0\.0\.2$/m);
    expect(env).toMatch(/^NODE_ENV=production$/m);
    expect(env).toMatch(/^DATA_DIR=\/var\/lib\/rostrum$/m);
    expect(env).not.toMatch(/^TOKEN_SECRET=/m);
  });

  // systemd's own parser, where the machine has it: every key known, every value valid.
  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)('systemd-analyze verify finds nothing to ignore in the unit', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rostrum-unit-')), 'rostrum.service');
    writeFileSync(file, read('docs/deploy/rostrum.service'));
    const res = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    const output = `${res.stdout}${res.stderr}`;
    expect(output).not.toMatch(/Unknown key|Failed to parse|ignoring/i);
  });
});
