// Worker-thread entry: registers tsx's loader so the TypeScript module in workerData.__entry
// (a file URL) can be imported. Plain JS because a worker cannot load .ts before this runs.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
