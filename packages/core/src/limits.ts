/**
 * Every size limit of the protocol and the schemas, in a module of its own that imports nothing:
 * the schemas, the features and the clients all read them, and none of them has to import another
 * feature (or the protocol module) to learn a number.
 */

export const LIMITS = {
  /** A command larger than this (as JSON) is refused with `payload_too_large`. */
  commandBytes: 16 * 1024,
  /** Socket.IO drops a connection that sends a single message larger than this. */
  socketMessageBytes: 1024 * 1024,
  /** A Yjs frame larger than this closes the connection (1009, message too big). */
  yjsFrameBytes: 1024 * 1024,
  /** JSON bodies of the REST API. */
  httpJsonBytes: 512 * 1024,
  /** One uploaded document file (PDF or DOCX): larger is refused with `payload_too_large`. */
  fileBytes: 20 * 1024 * 1024,
  /** Uploaded files per meeting, and their total size: the database holds them, so they are bounded. */
  filesPerMeeting: 100,
  fileBytesPerMeeting: 200 * 1024 * 1024,
} as const;

/** Limits shared by the schemas, so the UI can show them too. */
export const TEXT_LIMITS = {
  shortText: 300,
  name: 160,
  id: 64,
} as const;

/** A meeting's roster holds at most this many delegations (as its definition does). */
export const ROSTER_MAX_DELEGATIONS = 500;
/** At most this many delegations per `roster.import` command; `rosterImportChunks` also keeps each under the size limit. */
export const ROSTER_IMPORT_CHUNK = 50;
