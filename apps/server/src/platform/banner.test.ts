import { describe, expect, it } from 'vitest';
import { bannerLines, bindsEverywhere, describePostgres, describeRedis, startFacts } from './banner.js';
import { defaultConfig } from './config.js';

describe('start banner', () => {
  it('names the PostgreSQL server, database and user, never the password', () => {
    const url = 'postgres://rostrum:s3cr%40t-pw@10.0.0.5:6432/rostrum_prod?sslmode=require';
    expect(describePostgres(url)).toBe('postgresql rostrum@10.0.0.5:6432/rostrum_prod');
    expect(describePostgres('postgresql://db.internal/meetings')).toBe(
      'postgresql (default user)@db.internal:5432/meetings',
    );
    expect(describePostgres('postgres:///rostrum?host=/run/postgresql&user=app')).toBe(
      'postgresql app@/run/postgresql (socket), port 5432/rostrum',
    );
    expect(describePostgres('host=db password=hunter2')).toBe('postgresql (connection string not shown)');
    for (const text of [url, 'host=db password=hunter2']) expect(describePostgres(text)).not.toMatch(/s3cr|hunter2/);
  });

  it('names Redis by host and port, never its password', () => {
    expect(describeRedis(null)).toBe('none');
    expect(describeRedis('redis://:pw@10.0.0.6')).toBe('10.0.0.6:6379');
    expect(describeRedis('rediss://user:pw@[fd00::6]:6380/0')).toBe('[fd00::6]:6380 (TLS)');
  });

  it('says what the node uses: the SQLite file, the bound address, the public URL, mail', () => {
    const config = defaultConfig({ dataDir: '/var/lib/rostrum', host: '10.0.0.4', production: true });
    const facts = startFacts(config, 8080, '9.9.9', 'abc123');
    expect(facts).toEqual({
      version: '9.9.9',
      build: 'abc123',
      store: 'sqlite /var/lib/rostrum/rostrum.sqlite',
      redis: 'none',
      bind: '10.0.0.4:8080',
      publicUrl: 'from each request',
      mail: 'not configured',
      mode: 'production',
    });
    expect(bindsEverywhere(config)).toBe(false);
    expect(bindsEverywhere(defaultConfig())).toBe(true);
    const withDb = startFacts(
      defaultConfig({ databaseUrl: 'postgres://u:pw@db:5432/r', publicUrl: 'https://r.example.org' }),
      1,
      '1',
      'b',
    );
    expect(withDb.store).toBe('postgresql u@db:5432/r');
    expect(bannerLines(withDb).join('\n')).not.toContain('pw');
    expect(bannerLines(withDb)).toContain('  public URL  https://r.example.org');
  });
});
