import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { databaseFile, defaultConfig, type Config } from './platform/config.js';
import { boundUrl } from './platform/public-url.js';
import { createHttpApp } from './transport/http.js';
import { createLogger, type Logger } from './platform/logger.js';
import { MeetingRegistry } from './room/meetings.js';
import { ServerMetrics } from './platform/metrics.js';
import type { PresenceTracker } from './transport/presence.js';
import { attachSocketIo, meetingChannel, type RostrumIo } from './transport/socket.js';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { ClusterBus } from './cluster/bus.js';
import { ClusterPresence } from './cluster/presence.js';
import { checkReadiness, NodeHealth } from './platform/health.js';
import { ClientLimits } from './transport/limits.js';
import { readBuildInfo, type BuildInfo } from './platform/build-info.js';
import { openAssetArchive } from './platform/asset-archive.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';
import type { MeetingStore } from './store/types.js';
import { TokenService } from './room/tokens.js';
import { attachYjsEndpoint } from './transport/yjs-endpoint.js';
import { StaffService } from './staff/service.js';
import { StaffHttp } from './staff/routes.js';
import { oidcSignIn } from './staff/oidc.js';
import type { StaffStore } from './store/staff-types.js';
import type { ParticipantStore } from './store/participant-types.js';
import { participantStoreOf } from './store/participants-of.js';
import type { SignInLimits } from './staff/sign-in-limits.js';
import { InvitationService } from './mail/invitations.js';
import { smtpMailer } from './mail/mailer.js';
import type { MeetingLifecycleStore } from './store/lifecycle-types.js';

/**
 * This release, as /healthz reports it: 0.1.0 the first; 0.2.0 versioned migrations and the
 * document layout 2; 0.3.0 the meetings' own languages (layout 3); 0.4.0 named participants and the
 * meetings' lifecycle (schema 4). Kept with the packages' versions.
 */
export const VERSION = '0.4.0';

/** How long /readyz waits for the store's query and Redis's PING before it says unavailable. */
const READINESS_TIMEOUT_MS = 2000;
/** Without Redis, how often each room reads the other nodes' commits from the store. */
const DEGRADED_POLL_MS = 2000;
/** While the store is out of reach, how often it is asked whether it is back. */
const STORE_WATCH_MS = 1000;

export type RostrumServer = {
  config: Config;
  /** The web build served (dist/build.json): /healthz, /metrics and the start banner say it. */
  build: BuildInfo;
  http: HttpServer;
  /** The Express app behind `http` (its routes are read by the authorisation matrix test). */
  app: Express;
  io: RostrumIo;
  registry: MeetingRegistry;
  store: MeetingStore;
  logger: Logger;
  adminToken: string;
  /** Staff accounts, sessions and one-time links (staff/). */
  staff: StaffService;
  /** The meetings' named participants (private: kept in the store, never in a document). */
  participants: ParticipantStore;
  /**
   * With no staff account yet, the path of a one-time link (`/setup/<token>`, 24 h) for the first
   * administrator, made at this start; null once there is an account.
   */
  setupPath: string | null;
  /** Resolves with the bound port and the base URL (http://host:port). */
  listen: () => Promise<{ port: number; url: string }>;
  close: () => Promise<void>;
};

/** The staff tables of the store (both stores keep them beside the meetings). */
function staffStoreOf(store: MeetingStore): StaffStore {
  if (store instanceof SqliteStore || store instanceof PostgresStore) return store.staff;
  throw new Error('this store keeps no staff accounts');
}

/** The meetings' lifecycle columns (both stores keep them; a test's memory store has none). */
function lifecycleStoreOf(store: MeetingStore): MeetingLifecycleStore | null {
  return store instanceof SqliteStore || store instanceof PostgresStore ? store.lifecycle : null;
}

/** A setting kept in the store, created on first start when the config does not give it. */
async function persistentSecret(
  store: MeetingStore,
  key: string,
  given: string | null,
): Promise<{ value: string; created: boolean }> {
  if (given) return { value: given, created: false };
  const stored = await store.getSetting(key);
  if (stored) return { value: stored, created: false };
  // Nodes that start together on one database must agree: the first value stored wins.
  const value = await store.setSettingIfAbsent(key, randomBytes(32).toString('base64url'));
  return { value, created: true };
}

/**
 * The secret that signs the invite links. It is kept in the store even when TOKEN_SECRET gives it,
 * so that a backup of the database carries it (docs/deploy.md, "Back up and restore"); and a
 * TOKEN_SECRET that differs from the stored one would silently invalidate every link already
 * sent, so the start is refused instead.
 */
async function linkSecret(store: MeetingStore, given: string | null): Promise<{ value: string; created: boolean }> {
  if (!given) return persistentSecret(store, 'token_secret', null);
  const stored = await store.setSettingIfAbsent('token_secret', given);
  if (stored !== given)
    throw new Error(
      'TOKEN_SECRET differs from the token_secret stored in the database, which signed its links: every link would stop working. ' +
        'Unset TOKEN_SECRET (the stored secret is used) or give it the stored value.',
    );
  return { value: given, created: false };
}

/**
 * While the store is out of reach, asks it every second whether it is back: clients hear it at
 * once (`status`) and resend what waits in their outboxes, rather than at their next backoff.
 */
function watchStore(health: NodeHealth, store: MeetingStore, logger: Logger): { stop: () => void } {
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  health.onChange((s) => {
    if (s.store === 'ok') {
      if (timer !== null) logger.info('store back');
      return stop();
    }
    if (timer !== null) return;
    logger.warn('store unavailable: commands are refused with store_unavailable until it is back');
    timer = setInterval(() => {
      (store.ping?.() ?? Promise.resolve()).then(
        () => health.storeOk(),
        () => undefined,
      );
    }, STORE_WATCH_MS);
    timer.unref();
  });
  return { stop };
}

/** Wires this node to the others: their committed updates, meetings, revocations and presence. */
function joinCluster(
  bus: ClusterBus,
  registry: MeetingRegistry,
  presence: PresenceTracker,
  logger: Logger,
  config: Config,
  health: NodeHealth,
): { presence: ClusterPresence; stop: () => void } {
  bus.onUpdate((message) => {
    // A meeting this node has not loaded reads everything from the store when it is first opened.
    registry
      .get(message.meetingId)
      ?.receive(message)
      .catch((err: unknown) => logger.error({ err, meetingId: message.meetingId }, 'cluster update not applied'));
  });
  bus.onControl((m) => {
    if (m.kind === 'created') {
      registry
        .open(m.meetingId)
        .catch((err: unknown) => logger.error({ err, meetingId: m.meetingId }, 'meeting created elsewhere not loaded'));
    } else if (m.kind === 'revoked') {
      registry.revokedElsewhere(m.inviteId);
    } else if (m.kind === 'deleted') {
      registry.deletedElsewhere(m.meetingId);
    }
  });
  // Every room reads what the other nodes committed meanwhile and sends it to its clients.
  const catchUp = () =>
    Promise.all(
      registry
        .all()
        .map((room) =>
          room.refresh().catch((err: unknown) => logger.error({ err, meetingId: room.id }, 'catch-up failed')),
        ),
    );
  // When the link comes back, the rooms catch up before the clients hear the degraded state is over.
  bus.onLinkBack(catchUp);
  // While the link is down, the store is read every few seconds: the others' commits still arrive, late.
  let polling: NodeJS.Timeout | null = null;
  health.onChange((s) => {
    if (s.redis === 'unavailable' && polling === null) {
      polling = setInterval(() => void catchUp(), DEGRADED_POLL_MS);
      polling.unref();
    } else if (s.redis !== 'unavailable' && polling !== null) {
      clearInterval(polling);
      polling = null;
    }
  });
  registry.onCreate((meetingId) => bus.publishCreated(meetingId));
  registry.onRevoke((inviteId, here) => {
    if (here) bus.publishRevoked(inviteId);
  });
  registry.onDelete((meetingId, here) => {
    if (here) bus.publishDeleted(meetingId);
  });
  const heartbeatMs = Math.max(2000, 2 * config.presenceIntervalMs);
  const clusterPresence = new ClusterPresence(
    bus,
    presence,
    () => registry.all().map((r) => r.id),
    config.now,
    config.presenceIntervalMs,
    heartbeatMs,
    logger,
  );
  return {
    presence: clusterPresence,
    stop: () => {
      clusterPresence.stop();
      if (polling !== null) clearInterval(polling);
    },
  };
}

/**
 * Builds a Rostrum server: store, meetings loaded from it, HTTP API, Socket.IO commands and
 * the Yjs endpoint, all on one HTTP server. Nothing listens until `listen()`.
 */
export async function createServer(
  partial: Partial<Config> = {},
  /** `logStream`: where the JSON logs go instead of stdout (tests read them). */
  deps: { store?: MeetingStore; logStream?: DestinationStream; signInLimits?: SignInLimits } = {},
): Promise<RostrumServer & { adminTokenCreated: boolean }> {
  const config = defaultConfig(partial);
  const logger = createLogger(config.logLevel, deps.logStream);
  const store =
    deps.store ??
    (config.databaseUrl ? await PostgresStore.connect(config.databaseUrl) : new SqliteStore(databaseFile(config)));
  const migration = store.migration;
  if (migration.from > 0 && migration.applied.length > 0) {
    // Said where the operator reads it: the way back is to restore that copy (docs/deploy.md).
    const where = migration.backup ? `; the database as it was is kept at ${migration.backup}` : '';
    logger.warn(
      { from: migration.from, to: migration.to, backup: migration.backup },
      `database upgraded from schema ${migration.from} to ${migration.to}${where}`,
    );
  }
  // Several nodes: Redis carries Socket.IO broadcasts, committed Yjs updates and presence between them.
  const nodeId = config.nodeId ?? randomBytes(6).toString('base64url');
  // What this node can use now (store, Redis): its clients, /readyz and the metrics read it.
  const health = new NodeHealth(Boolean(config.redisUrl));
  const bus = config.redisUrl ? await ClusterBus.connect(config.redisUrl, nodeId, logger, health) : null;
  if (bus) logger.info({ nodeId }, 'joined the cluster');
  const admin = await persistentSecret(store, 'admin_token', config.adminToken);
  const secret = await linkSecret(store, config.tokenSecret);
  const tokens = new TokenService(secret.value);
  const staff = new StaffService({
    store: staffStoreOf(store),
    now: config.now,
    key: secret.value,
    redis: bus?.client ?? null,
    signInLimits: deps.signInLimits,
  });
  const setupToken = await staff.setupToken();

  const http = createHttpServer();
  // Links built without a request (printed at start): PUBLIC_URL, else the address bound to.
  let baseUrl = config.publicUrl ?? boundUrl(config.host, config.port);
  // Presence lives in the Socket.IO layer, attached below; a closing poll reads it for its quorum.
  let presenceTracker: PresenceTracker | null = null;
  const registry = new MeetingRegistry({
    store,
    logger,
    now: config.now,
    minFlushIntervalMs: config.minFlushIntervalMs,
    onStorageFailure: config.onStorageFailure,
    slowCommandMs: config.slowCommandMs,
    storeHealth: { failed: () => health.storeFailed(), ok: () => health.storeOk() },
    inviteTtlMs: config.inviteTtlMs,
    linkGraceMs: config.linkGraceMs,
    tokens,
    get publicUrl() {
      return baseUrl;
    },
    presentDelegations: (meetingId) => presenceTracker?.snapshot(meetingId).delegations ?? [],
    publish: bus ? (message) => bus.publishUpdate(message) : undefined,
  });
  await registry.loadAll();

  const metrics = new ServerMetrics();
  // The build served, and the assets of the builds served before it (a rolling upgrade: docs/deploy.md).
  const build = readBuildInfo(config.webDist);
  metrics.buildInfo(VERSION, build);
  const assetsArchive = openAssetArchive(config, build.build, logger);
  metrics.attachHealth(health);
  const storeWatch = watchStore(health, store, logger);
  // One set of budgets and caps for the API, Socket.IO and the Yjs endpoint; in Redis with several nodes.
  const limits = new ClientLimits({
    limits: config.rateLimits,
    trustProxy: config.trustProxy,
    redis: bus?.client ?? null,
    adminToken: admin.value,
    verifyToken: (token) => tokens.verify(token),
  });
  const lifecycle = lifecycleStoreOf(store);
  // Invitations by email: SMTP from the environment, or none (the routes then say mail_not_configured).
  const invitations = new InvitationService({
    registry,
    participants: participantStoreOf(store),
    mailer: config.mail ? smtpMailer(config.mail) : null,
    logger,
    now: config.now,
    retryDelaysMs: config.mail?.retryDelaysMs ?? [],
    alone: bus === null,
  });
  const app = createHttpApp({
    participants: participantStoreOf(store),
    invitations,
    markExported: lifecycle ? (meetingId, kind) => lifecycle.markExported(meetingId, kind, config.now()) : undefined,
    registry,
    logger,
    adminToken: admin.value,
    version: VERSION,
    startedAt: config.now(),
    now: config.now,
    webDist: config.webDist,
    build,
    assetsArchive,
    corsOrigin: config.corsOrigin,
    publicUrl: config.publicUrl,
    limits,
    metrics,
    readiness: () =>
      checkReadiness({
        pingStore: () => store.ping?.() ?? Promise.resolve(),
        pingRedis: bus ? () => bus.ping() : null,
        timeoutMs: READINESS_TIMEOUT_MS,
      }),
    staff: new StaffHttp({
      staff,
      registry,
      tokens,
      logger,
      now: config.now,
      addressKey: (req) => limits.addressKey(req),
      trustedOrigins: () =>
        [config.publicUrl, config.corsOrigin || null].flatMap((u) => (u ? [new URL(u).origin] : [])),
      oidc: oidcSignIn(config, secret.value),
      lifecycle,
    }),
  });
  http.on('request', app);
  const { io, presence, sessions } = attachSocketIo(http, {
    registry,
    logger,
    now: config.now,
    corsOrigin: config.corsOrigin,
    presenceIntervalMs: config.presenceIntervalMs,
    limits,
    adapter: bus ? createAdapter(bus.client) : undefined,
    metrics,
    health,
  });
  presenceTracker = presence;
  const cluster = bus ? joinCluster(bus, registry, presence, logger, config, health) : null;
  metrics.attach({
    *meetings() {
      for (const room of registry.all())
        yield {
          id: room.id,
          socketConnections: io.sockets.adapter.rooms.get(meetingChannel(room.id))?.size ?? 0,
          yjsConnections: room.meetingDoc.connectionCount + room.notesDoc.connectionCount,
          docs: [
            { doc: 'meeting', stats: room.meetingDoc.stats },
            { doc: 'notes', stats: room.notesDoc.stats },
          ],
        };
    },
  });
  const yjs = attachYjsEndpoint(http, {
    registry,
    logger,
    authTimeoutMs: config.yjsAuthTimeoutMs,
    tokenInUrl: config.yjsTokenInUrl,
    limits,
    sessions,
  });

  return {
    config,
    build,
    http,
    app,
    io,
    registry,
    store,
    logger,
    adminToken: admin.value,
    adminTokenCreated: admin.created,
    staff,
    participants: participantStoreOf(store),
    setupPath: setupToken === null ? null : `/setup/${setupToken}`,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          const { port } = http.address() as AddressInfo;
          if (!config.publicUrl) baseUrl = boundUrl(config.host, port);
          resolve({ port, url: `http://127.0.0.1:${port}` });
        });
      }),
    close: async () => {
      presence.stop();
      storeWatch.stop();
      await invitations.close();
      cluster?.stop();
      await Promise.all(registry.all().map((r) => r.drain()));
      yjs.close();
      await io.close(); // also closes the HTTP server
      await bus?.close();
      if (bus) logger.info({ nodeId }, 'left the cluster');
      await store.close();
    },
  };
}
