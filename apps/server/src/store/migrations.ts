/**
 * The store's schema, as an ordered list of migrations. A database records the versions it has
 * taken in `schema_migrations`; on start the store applies the ones it lacks, each in its own
 * transaction, and refuses a database newer than this code. A database written before
 * versioning (release 0.1.0) has the tables of version 1 and no `schema_migrations`: it is
 * recognised as version 1.
 *
 * Rules for a new migration: append it (never edit a released one), give it both dialects,
 * never rewrite the content of logged commands (the hash chain covers it; a derived column is
 * fine), and add a fixture of the previous release (test/upgrade/make-fixture.ts).
 */
export type Migration = {
  version: number;
  /** What it changes, as the log and the `schema_migrations` table say it. */
  name: string;
  sqlite: string;
  postgres: string;
};

/** Release 0.1.0's tables, as that release created them. */
const V1_SQLITE = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS invites (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  role TEXT NOT NULL,
  delegation_id TEXT,
  presenter_id TEXT,
  seat TEXT,
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS invites_meeting ON invites(meeting_id);
CREATE TABLE IF NOT EXISTS commands (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seq INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  principal TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL,
  at INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq),
  UNIQUE (meeting_id, command_id)
);
CREATE TABLE IF NOT EXISTS doc_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  doc TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_meeting ON doc_updates(meeting_id, doc, id);
CREATE TABLE IF NOT EXISTS attendance (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  delegation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('join', 'leave')),
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attendance_meeting ON attendance(meeting_id, id);
CREATE TABLE IF NOT EXISTS files (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pdf', 'docx')),
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT,
  created_at INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (meeting_id, id)
);
`;

const V1_POSTGRES = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS invites (
  ord BIGSERIAL,
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  role TEXT NOT NULL,
  delegation_id TEXT,
  presenter_id TEXT,
  seat TEXT,
  label TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX IF NOT EXISTS invites_meeting ON invites(meeting_id, ord);
CREATE TABLE IF NOT EXISTS commands (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seq INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  principal TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL,
  at BIGINT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq),
  UNIQUE (meeting_id, command_id)
);
CREATE TABLE IF NOT EXISTS doc_updates (
  id BIGSERIAL PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  doc TEXT NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_meeting ON doc_updates(meeting_id, doc, id);
CREATE TABLE IF NOT EXISTS attendance (
  id BIGSERIAL PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  delegation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('join', 'leave')),
  at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS attendance_meeting ON attendance(meeting_id, id);
CREATE TABLE IF NOT EXISTS files (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pdf', 'docx')),
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT,
  created_at BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (meeting_id, id)
);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'the tables of release 0.1.0', sqlite: V1_SQLITE, postgres: V1_POSTGRES },
  {
    version: 2,
    // A command id is unique per sender (the invite), not per meeting: a client that sends an id
    // first can no longer block someone else's command, nor the server's own (a deadline close).
    // `sender` is derived from the logged principal; the logged content is left as it was.
    name: 'command ids unique per sender',
    sqlite: `
CREATE TABLE commands_v2 (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seq INTEGER NOT NULL,
  command_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  principal TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL,
  at INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq),
  UNIQUE (meeting_id, sender, command_id)
);
INSERT INTO commands_v2 (meeting_id, seq, command_id, sender, principal, type, payload, result, at, hash)
  SELECT meeting_id, seq, command_id, json_extract(principal, '$.inviteId'), principal, type, payload, result, at, hash FROM commands ORDER BY meeting_id, seq;
DROP TABLE commands;
ALTER TABLE commands_v2 RENAME TO commands;
`,
    postgres: `
ALTER TABLE commands ADD COLUMN sender TEXT;
UPDATE commands SET sender = principal::jsonb ->> 'inviteId';
ALTER TABLE commands ALTER COLUMN sender SET NOT NULL;
ALTER TABLE commands DROP CONSTRAINT IF EXISTS commands_meeting_id_command_id_key;
ALTER TABLE commands ADD CONSTRAINT commands_sender_command_id_key UNIQUE (meeting_id, sender, command_id);
`,
  },
  {
    version: 3,
    // Staff accounts (staff/): people who sign in with a password rather than an invite link.
    // Secrets (passwords, session ids, one-time links) are stored only as hashes.
    name: 'staff accounts, sessions and meeting managers',
    sqlite: `
CREATE TABLE staff_accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'secretariat')),
  password_hash TEXT,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER
);
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES staff_accounts(id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions(account_id);
CREATE TABLE staff_links (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('setup', 'set_password')),
  account_id TEXT REFERENCES staff_accounts(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE meeting_managers (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  account_id TEXT NOT NULL REFERENCES staff_accounts(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, account_id)
);
CREATE INDEX meeting_managers_account ON meeting_managers(account_id);
`,
    postgres: `
CREATE TABLE staff_accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'secretariat')),
  password_hash TEXT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES staff_accounts(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions(account_id);
CREATE TABLE staff_links (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('setup', 'set_password')),
  account_id TEXT REFERENCES staff_accounts(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE TABLE meeting_managers (
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  account_id TEXT NOT NULL REFERENCES staff_accounts(id),
  added_at BIGINT NOT NULL,
  PRIMARY KEY (meeting_id, account_id)
);
CREATE INDEX meeting_managers_account ON meeting_managers(account_id);
`,
  },
  {
    version: 4,
    // Named participants (the person holding each link, and the extra people a delegation
    // registers), kept out of the meeting's document: their emails are private. A NULL seat key
    // (an extra person) may repeat; a seat holds one person. The meeting's lifecycle stamps too.
    name: 'participants and meeting lifecycle',
    sqlite: `
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seat_key TEXT,
  delegation_id TEXT,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  email TEXT,
  language TEXT NOT NULL,
  entered_by TEXT NOT NULL CHECK (entered_by IN ('secretariat', 'self')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  mail_status TEXT NOT NULL DEFAULT 'none' CHECK (mail_status IN ('none', 'sending', 'sent', 'failed', 'bounced')),
  mail_error TEXT,
  mail_attempts INTEGER NOT NULL DEFAULT 0,
  mailed_at INTEGER,
  UNIQUE (meeting_id, seat_key)
);
CREATE INDEX participants_meeting ON participants(meeting_id);
ALTER TABLE meetings ADD COLUMN archived_at INTEGER;
ALTER TABLE meetings ADD COLUMN minutes_exported_at INTEGER;
ALTER TABLE meetings ADD COLUMN record_exported_at INTEGER;
`,
    postgres: `
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id),
  seat_key TEXT,
  delegation_id TEXT,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  email TEXT,
  language TEXT NOT NULL,
  entered_by TEXT NOT NULL CHECK (entered_by IN ('secretariat', 'self')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  mail_status TEXT NOT NULL DEFAULT 'none' CHECK (mail_status IN ('none', 'sending', 'sent', 'failed', 'bounced')),
  mail_error TEXT,
  mail_attempts INTEGER NOT NULL DEFAULT 0,
  mailed_at BIGINT,
  UNIQUE (meeting_id, seat_key)
);
CREATE INDEX participants_meeting ON participants(meeting_id);
ALTER TABLE meetings ADD COLUMN archived_at BIGINT;
ALTER TABLE meetings ADD COLUMN minutes_exported_at BIGINT;
ALTER TABLE meetings ADD COLUMN record_exported_at BIGINT;
`,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

/** The table that records applied migrations (both dialects). */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;

/** What a start did to the schema: `from` 0 is a new database; `backup` the copy written first (SQLite). */
export type MigrationReport = { from: number; to: number; applied: number[]; backup: string | null };

export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(
      `the database has schema version ${found}, newer than this release of Rostrum understands (${SCHEMA_VERSION}). ` +
        'Run the release that wrote it (or newer), or restore the backup made before the upgrade.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The migrations a database at `current` still needs, in order; throws on a database newer than the code. */
export function pendingMigrations(current: number): Migration[] {
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current);
  return MIGRATIONS.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
}
