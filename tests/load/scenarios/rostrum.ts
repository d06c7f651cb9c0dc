// The scenarios of Rostrum under load, one module each, and the server processes they run on:
// bench.ts, cluster.ts and baselines.ts import them from here.
export * from './rostrum-server.js';
export * from './history.js';
export * from './join-storm.js';
export * from './rostrum-fanout.js';
export * from './floor-storm.js';
export * from './vote-storm.js';
export * from './replay.js';
