/**
 * Demo sets cached on disk by what made them (task, expert version, states, k, points, episode
 * length, seed), so training runs and evaluations share one collection and demos from an older
 * expert are never reused.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hashData } from '../../nn/index.ts';
import { Scene, type TaskSpec } from '../../sim/index.ts';
import { collectDemos, demoEpisodeSeed, type CollectOptions } from './collect.ts';
import { readDemoFile, writeDemoFile, type DemoSet } from './demo-set.ts';

/** Default cache folder. */
export const DEMO_CACHE_DIR = 'data/demos';

/**
 * Version of each task's demonstrations: the sim commit that last changed its expert
 * (sim/tasks/*.ts, lookahead.ts) or the physics of its object (sim/objects/*.ts). Bump when either
 * changes, so cached demos of the old expert or physics are not reused.
 */
export const EXPERT_VERSIONS: Readonly<Record<string, string>> = {
  'push-T': 'f56b6e1',
  'rope-circle': '8fd79c8',
  'cloth-flatten': '4be87a9',
  'granular-T': 'f56b6e1',
  'tshirt-unfold': '6a09a45',
};

/** Expert version of `task` (throws for a task without one, rather than caching unversioned demos). */
export function expertVersion(task: string): string {
  const v = EXPERT_VERSIONS[task];
  if (!v)
    throw new Error(
      `demo cache: no expert version for task ${task}; add it to EXPERT_VERSIONS in policy/demos/cache.ts`,
    );
  return v;
}

/**
 * What the simulator makes of the first demo episode's initial state: sha256 (16 hex digits) of
 * its particle positions. Physics changes that move initial states change it, so a cached set
 * collected under other physics is caught even when nobody bumped EXPERT_VERSIONS.
 * Rapier must be initialised.
 */
export function simFingerprint(task: TaskSpec, seed: number): string {
  const scene = Scene.create(task, demoEpisodeSeed(seed, 0));
  try {
    return hashData(scene.particles()).slice(0, 16);
  } finally {
    scene.free();
  }
}

/** File name of a demo set in the cache. */
export function demoCachePath(dir: string, task: string, o: CollectOptions): string {
  const e = o.episodeSteps === undefined ? '' : `-E${o.episodeSteps}`;
  return join(
    dir,
    `${task}-x${expertVersion(task)}-S${o.states}-k${o.alternatives ?? 4}-P${o.points ?? 256}${e}-seed` +
      `${o.seed ?? 0}.demos`,
  );
}

/**
 * Reads the cached set, or collects it and writes it to the cache. A cached file whose recorded
 * expert version or sim fingerprint differs from the current one is refused (it would silently
 * train on an old expert or old physics). Files written before fingerprints were recorded are
 * checked by expert version only.
 */
export async function loadOrCollectDemos(
  task: TaskSpec,
  o: CollectOptions,
  dir = DEMO_CACHE_DIR,
): Promise<{ demos: DemoSet; cached: boolean; path: string }> {
  const path = demoCachePath(dir, task.id, o);
  const version = expertVersion(task.id);
  if (existsSync(path)) {
    const demos = readDemoFile(path);
    if (demos.info.expertVersion !== version) {
      throw new Error(
        `demo file ${path}: expert version ${String(demos.info.expertVersion)}, expected ${version}; delete the ` +
          `file to recollect`,
      );
    }
    const fp = demos.info.simFingerprint;
    if (fp !== undefined && fp !== simFingerprint(task, o.seed ?? 0)) {
      throw new Error(
        `demo file ${path}: collected under other physics (sim fingerprint ${String(fp)}, now ` +
          `${simFingerprint(task, o.seed ?? 0)}); delete the file to recollect and bump EXPERT_VERSIONS`,
      );
    }
    return { demos, cached: true, path };
  }
  const demos = await collectDemos(task, o);
  demos.info.expertVersion = version;
  demos.info.simFingerprint = simFingerprint(task, o.seed ?? 0);
  mkdirSync(dir, { recursive: true });
  writeDemoFile(path, demos);
  return { demos, cached: false, path };
}
