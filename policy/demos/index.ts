/** Expert demonstrations for policy training (METHODS.md §1). */
export { collectDemos, demoEpisodeSeed, type CollectOptions } from './collect.ts';
export { checkDemoSet, demoHash, readDemoFile, writeDemoFile, type DemoSet } from './demo-set.ts';
export { rotateXY, taskAllowsRotation } from './augment.ts';
export {
  DEMO_CACHE_DIR,
  demoCachePath,
  EXPERT_VERSIONS,
  expertVersion,
  loadOrCollectDemos,
  simFingerprint,
} from './cache.ts';
