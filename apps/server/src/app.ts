import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { databaseFile, defaultConfig, type Config } from './config.js';
import { createHttpApp } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { MeetingRegistry } from './meetings.js';
import { ServerMetrics } from './metrics.js';
import type { PresenceTracker } from './presence.js';
import { attachSocketIo, type RostrumIo } from './socket.js';
import { SqliteStore } from './store/sqlite.js';
import type { MeetingStore } from './store/types.js';
import { TokenService } from './tokens.js';
import { attachYjsEndpoint } from './yjs/endpoint.js';

export const VERSION = '0.1.0';

export type RostrumServer = {
  config: Config;
  http: HttpServer;
  /** The Express app behind `http` (its routes are read by the authorisation matrix test). */
  app: Express;
  io: RostrumIo;
  registry: MeetingRegistry;
  store: MeetingStore;
  logger: Logger;
  adminToken: string;
  /** Resolves with the bound port and the base URL (http://host:port). */
  listen: () => Promise<{ port: number; url: string }>;
  close: () => Promise<void>;
};

/** A setting kept in the store, created on first start when the config does not give it. */
async function persistentSecret(store: MeetingStore, key: string, given: string | null): Promise<{ value: string; created: boolean }> {
  if (given) return { value: given, created: false };
  const stored = await store.getSetting(key);
  if (stored) return { value: stored, created: false };
  const value = randomBytes(32).toString('base64url');
  await store.setSetting(key, value);
  return { value, created: true };
}

/**
 * Builds a Rostrum server: store, meetings loaded from it, HTTP API, Socket.IO commands and
 * the Yjs endpoint, all on one HTTP server. Nothing listens until `listen()`.
 */
export async function createServer(
  partial: Partial<Config> = {},
  /** `logStream`: where the JSON logs go instead of stdout (tests read them). */
  deps: { store?: MeetingStore; logStream?: DestinationStream } = {},
): Promise<RostrumServer & { adminTokenCreated: boolean }> {
  const config = defaultConfig(partial);
  const logger = createLogger(config.logLevel, deps.logStream);
  const store = deps.store ?? new SqliteStore(databaseFile(config));
  const admin = await persistentSecret(store, 'admin_token', config.adminToken);
  const secret = await persistentSecret(store, 'token_secret', config.tokenSecret);
  const tokens = new TokenService(secret.value);

  const http = createHttpServer();
  let baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  // Presence lives in the Socket.IO layer, attached below; a closing poll reads it for its quorum.
  let presenceTracker: PresenceTracker | null = null;
  const registry = new MeetingRegistry({
    store,
    logger,
    now: config.now,
    minFlushIntervalMs: config.minFlushIntervalMs,
    onStorageFailure: config.onStorageFailure,
    inviteTtlMs: config.inviteTtlMs,
    tokens,
    get publicUrl() {
      return baseUrl;
    },
    presentDelegations: (meetingId) => presenceTracker?.snapshot(meetingId).delegations ?? [],
  });
  await registry.loadAll();

  const metrics = new ServerMetrics();
  const app = createHttpApp({
    registry,
    logger,
    adminToken: admin.value,
    version: VERSION,
    startedAt: config.now(),
    now: config.now,
    webDist: config.webDist,
    corsOrigin: config.corsOrigin,
    rateLimits: config.rateLimits,
    metrics,
  });
  http.on('request', app);
  const { io, presence } = attachSocketIo(http, {
    registry,
    logger,
    now: config.now,
    corsOrigin: config.corsOrigin,
    presenceIntervalMs: config.presenceIntervalMs,
    rateLimits: config.rateLimits,
  });
  presenceTracker = presence;
  metrics.attach(io, registry);
  const yjs = attachYjsEndpoint(http, { registry, logger });

  return {
    config,
    http,
    app,
    io,
    registry,
    store,
    logger,
    adminToken: admin.value,
    adminTokenCreated: admin.created,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          const { port } = http.address() as AddressInfo;
          if (!config.publicUrl) baseUrl = `http://localhost:${port}`;
          resolve({ port, url: `http://127.0.0.1:${port}` });
        });
      }),
    close: async () => {
      presence.stop();
      await Promise.all(registry.all().map((r) => r.drain()));
      yjs.close();
      await io.close(); // also closes the HTTP server
      await store.close();
    },
  };
}
