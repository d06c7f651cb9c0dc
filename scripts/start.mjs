// `npm start`: install what is missing, build the web app, start Rostrum (PORT, DATA_DIR).
import { ensureInstalled, ensureWebBuilt, run } from './lib.mjs';

ensureInstalled();
ensureWebBuilt();
run('node', ['--import', 'tsx', 'apps/server/src/main.ts']);
