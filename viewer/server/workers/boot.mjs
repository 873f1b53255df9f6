// Worker-thread entry: imports the module in workerData.__entry (a file URL). A TypeScript module
// needs tsx's loader first (a worker cannot load .ts before this runs); a compiled one (dist/,
// see core/compiled-module.ts) does not.
import { workerData } from 'node:worker_threads';

if (workerData.__entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.__entry);
