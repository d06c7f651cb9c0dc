import { fileURLToPath } from 'node:url';
import { meetingDefinitionSchema, originalText } from '@rostrum/core';
import { createServer, VERSION } from './app.js';
import { bannerLines, bindsEverywhere, startFacts } from './platform/banner.js';
import { configFromEnv } from './platform/config.js';
import { boundUrl } from './platform/public-url.js';
import { demoMeeting } from './tools/demo.js';
import { printLinks } from './tools/print-links.js';

const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const config = configFromEnv(process.env, webDist);
// A failed commit leaves memory ahead of the store: stop, and let the restart rebuild from the store.
config.onStorageFailure = () => process.exit(1);

const server = await createServer(config);
const { port } = await server.listen();
// The links printed here are on the address bound to (or PUBLIC_URL): the registry builds them the same way.
const base = config.publicUrl ?? boundUrl(config.host, port);
const facts = startFacts(config, port, VERSION, server.build.build);
const { logger } = server;

// The demo meeting is for trying Rostrum out (`npm start`); production starts empty (DEMO_MEETING overrides).
if (config.demoMeeting && server.registry.size === 0) {
  await server.registry.create(meetingDefinitionSchema.parse(demoMeeting()));
  logger.info('created the demo meeting');
}
if (config.production && bindsEverywhere(config))
  logger.warn(
    { bind: facts.bind },
    'listening on every interface: set HOST to the private interface the reverse proxy reaches (docs/deploy.md)',
  );

console.log(`\n${bannerLines(facts).join('\n')}`);
console.log(`\nRostrum is running on ${base}`);
if (config.production) {
  // Production prints where to go, never a secret: the journal is read by more people than the administrator.
  if (server.setupPath)
    console.log(
      'No administrator account yet: run `npm run setup-link` with this node’s environment for the one-time setup link.',
    );
  if (server.adminTokenCreated)
    console.log('An admin token for scripts was generated and kept in the store; set ADMIN_TOKEN to choose your own.');
} else {
  // People start from the setup link (the first administrator's account); the admin token is for scripts.
  if (server.setupPath)
    console.log(`Create the administrator account (link works once, for 24 hours): ${base}${server.setupPath}`);
  if (server.adminTokenCreated)
    console.log(`Admin token for scripts (shown once; the API's Authorization: Bearer): ${server.adminToken}`);
  const meetings = server.registry.all();
  for (const room of meetings.slice(0, 3))
    printLinks(
      originalText(room.definition.title, room.definition.languages).text,
      await server.registry.links(room.id),
    );
  if (meetings.length > 3) console.log(`…and ${meetings.length - 3} more meetings (GET /api/meetings/:id/links).`);
  if (!config.publicUrl)
    console.log(
      'Links copied in the browser use the address it was opened at (open it by this machine’s network name or\n' +
        'address for links that work on other computers); set PUBLIC_URL to fix one address for every link.\n',
    );
}

// What this node really uses, for the journal: never a password, token or link. Last: the start is over.
logger.info({ ...facts, meetings: server.registry.size }, 'started');

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const started = performance.now();
  logger.info({ signal, meetings: server.registry.size }, 'stopping');
  // close() waits for every room's queued commands to be committed and answered, then closes the connections.
  await server.close();
  logger.info({ signal, drained: true, ms: Math.round(performance.now() - started) }, 'stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
