// Worker threads do not inherit the main thread's tsx hooks on Node 20: register them here,
// then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
