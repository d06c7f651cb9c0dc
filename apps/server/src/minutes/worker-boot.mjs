// Entry of the minutes worker thread: a worker does not inherit the parent's TypeScript
// loader, so it registers tsx itself, then loads the worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
