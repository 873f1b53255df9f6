/**
 * Whether the evaluation's scenes were also labelled: `prefsim eval --seeds S` plays scene seeds
 * 0…S−1, and a reward trained on labels from those same scenes is scored on states it has seen.
 * Collection takes seeds apart from them by default (core/seeds.ts); an explicit `collect --seed`,
 * an old store or a quality run's cache can still overlap, so the report says so.
 */
import { existsSync } from 'node:fs';
import { openStore } from '../../reward/store/index.ts';

/** Learned methods whose reward may have trained on the store's labels. */
const REWARD_METHODS = ['explicit', 'implicit', 'rapl', 'combined'];

/** The note for the report, or null when no evaluation scene of `task` holds a state in `db`. */
export function labelledSceneNote(db: string, task: string, seeds: number, methods: string[]): string | null {
  if (!methods.some((m) => REWARD_METHODS.includes(m)) || !existsSync(db)) return null;
  const store = openStore({ path: db, readonly: true });
  try {
    const overlap = new Set([...store.stateSeeds(task).values()].filter((s) => s >= 0 && s < seeds));
    if (overlap.size === 0) return null;
    return (
      `${overlap.size} of the ${seeds} evaluation scenes (seeds 0…${seeds - 1}) hold labelled ${task} states ` +
      `in ${db}: a reward trained on that store has seen them, so its RAS figures may be optimistic`
    );
  } finally {
    store.close();
  }
}
