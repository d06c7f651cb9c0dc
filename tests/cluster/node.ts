// One Rostrum node of the cluster test, as a child process (so that it can be SIGKILLed):
// the configuration comes from the environment (DATABASE_URL, REDIS_URL, PORT, NODE_ID...).
import { configFromEnv, createServer } from '@rostrum/server';

// WEB_DIST: the web build this node serves (the upgrade test gives each node a build of its own).
const server = await createServer(configFromEnv(process.env, process.env.WEB_DIST || null));
const { port } = await server.listen();
process.stdout.write(`READY ${port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
