import { fileURLToPath } from 'node:url';
import { meetingDefinitionSchema, originalText } from '@rostrum/core';
import { createServer } from './app.js';
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

if (server.registry.size === 0) {
  await server.registry.create(meetingDefinitionSchema.parse(demoMeeting()));
  server.logger.info('created the demo meeting');
}
const meetings = server.registry.all();
console.log(`\nRostrum is running on ${base}  (data: ${config.dataDir})`);
// People start from the setup link (the first administrator's account); the admin token is for scripts.
if (server.setupPath)
  console.log(`Create the administrator account (link works once, for 24 hours): ${base}${server.setupPath}`);
if (server.adminTokenCreated)
  console.log(`Admin token for scripts (shown once; the API's Authorization: Bearer): ${server.adminToken}`);
for (const room of meetings.slice(0, 3))
  printLinks(originalText(room.definition.title, room.definition.languages).text, await server.registry.links(room.id));
if (meetings.length > 3) console.log(`…and ${meetings.length - 3} more meetings (GET /api/meetings/:id/links).`);
if (!config.publicUrl)
  console.log(
    'Links copied in the browser use the address it was opened at (open it by this machine’s network name or\n' +
      'address for links that work on other computers); set PUBLIC_URL to fix one address for every link.\n',
  );

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
