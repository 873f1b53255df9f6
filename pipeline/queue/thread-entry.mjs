// Worker threads do not inherit the main thread's tsx hooks on Node 20: register them here,
// then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
const thread = await import('./thread.ts');
export default thread.default;
