import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMinutes, MINUTES_FORMATS, parseMinutesFormat, parseMinutesLang, renderMinutes } from '@rostrum/minutes';
import { databaseFile, defaultConfig } from '../platform/config.js';
import { loadStoredRecord, minutesInput } from '../minutes/input.js';
import { SqliteStore } from '../store/sqlite.js';
import { verifyLog } from '../store/verify.js';

/**
 * Offline tools over the store, for whoever holds the database file (no server needed; safe
 * while a server runs: SQLite in WAL mode lets readers in).
 *
 *   npm run verify -- <meetingId> [--data-dir DIR] [--expect DIGEST]
 *   npm run minutes -- <meetingId> --format pdf [--lang fr+ar] [--out FILE] [--data-dir DIR]
 *
 * Exit codes: 0 intact / written; 1 the log is not intact or differs from --expect; 2 usage,
 * no database or no such meeting.
 */
const USAGE = `usage:
  cli.ts verify <meetingId> [--data-dir DIR] [--expect DIGEST]
  cli.ts minutes <meetingId> --format ${MINUTES_FORMATS.join('|')} [--lang <l>|<l1>+<l2>|both] [--out FILE] [--data-dir DIR]
--lang: a language of the meeting (en, fr, es, ru, ar), two of them side by side, or both (its first
two); by default its original.
The data folder defaults to $DATA_DIR, else ./data (as for the server).`;

export type CliIo = { out: (line: string) => void; err: (line: string) => void; now?: () => number };

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        expect: { type: 'string' },
        format: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const [command, meetingId] = parsed.positionals;
  if (parsed.values.help || !command || !meetingId || (command !== 'verify' && command !== 'minutes')) {
    io.err(USAGE);
    return 2;
  }
  const dataDir = resolve(parsed.values['data-dir'] ?? env.DATA_DIR ?? 'data');
  const file = databaseFile(defaultConfig({ dataDir }));
  // Opening a missing file would create an empty database: say so instead.
  if (!existsSync(file)) {
    io.err(`no database at ${file}`);
    return 2;
  }
  const store = new SqliteStore(file);
  try {
    if (!(await store.getMeeting(meetingId))) {
      io.err(`no meeting "${meetingId}" in ${file}`);
      return 2;
    }
    if (command === 'verify') {
      const v = verifyLog(await store.listCommands(meetingId));
      io.out(`meeting ${meetingId}: ${v.commands} commands in the log`);
      io.out(`digest: ${v.digest}`);
      if (!v.intact) {
        io.out(
          `NOT INTACT: row ${v.firstBadSeq ?? '?'} does not match the chain (${v.problem ?? 'unknown'}); recomputed digest ${v.recomputed}`,
        );
        return 1;
      }
      const expected = parsed.values.expect;
      if (expected !== undefined && expected.toLowerCase() !== v.digest) {
        io.out(
          `the log is consistent but its digest differs from the expected ${expected}: it was rewritten or is another log`,
        );
        return 1;
      }
      io.out(expected === undefined ? 'intact' : 'intact, and the digest matches');
      return 0;
    }
    const format = parseMinutesFormat(parsed.values.format);
    if (format === null) {
      io.err(USAGE);
      return 2;
    }
    const record = await loadStoredRecord(store, meetingId);
    if (!record) return 2;
    // The languages a meeting's minutes come in are the meeting's: checked once it is loaded.
    const lang = parseMinutesLang(parsed.values.lang, record.state.meta.languages);
    if (!lang.ok) {
      io.err(`${lang.message}\n${USAGE}`);
      return 2;
    }
    const { input } = await minutesInput(store, meetingId, record, (io.now ?? Date.now)());
    const minutes = await renderMinutes(buildMinutes(input), format, lang.lang);
    const out = resolve(parsed.values.out ?? minutes.filename);
    writeFileSync(out, minutes.body);
    io.out(`${out} (${minutes.body.byteLength} bytes)${input.log.intact ? '' : ' — WARNING: the log is not intact'}`);
    return 0;
  } finally {
    await store.close();
  }
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  process.exitCode = await runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
}
