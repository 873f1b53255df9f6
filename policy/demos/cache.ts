/**
 * Demo sets cached on disk by what made them (task, states, k, points, seed), so training runs
 * and evaluations share one collection.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskSpec } from '../../sim/index.ts';
import { collectDemos, type CollectOptions } from './collect.ts';
import { readDemoFile, writeDemoFile, type DemoSet } from './demo-set.ts';

/** Default cache folder. */
export const DEMO_CACHE_DIR = 'data/demos';

/** File name of a demo set in the cache. */
export function demoCachePath(dir: string, task: string, o: CollectOptions): string {
  return join(dir, `${task}-S${o.states}-k${o.alternatives ?? 4}-P${o.points ?? 256}-seed${o.seed ?? 0}.demos`);
}

/** Reads the cached set, or collects it and writes it to the cache. */
export async function loadOrCollectDemos(task: TaskSpec, o: CollectOptions, dir = DEMO_CACHE_DIR): Promise<{ demos: DemoSet; cached: boolean; path: string }> {
  const path = demoCachePath(dir, task.id, o);
  if (existsSync(path)) return { demos: readDemoFile(path), cached: true, path };
  const demos = await collectDemos(task, o);
  mkdirSync(dir, { recursive: true });
  writeDemoFile(path, demos);
  return { demos, cached: false, path };
}
