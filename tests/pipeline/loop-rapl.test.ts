import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../reward/index.ts';
import { runLoop } from '../../pipeline/loop/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-loop-rapl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Small: 2 rounds of 4 triplet queries, 2 training epochs, RAS on 2 seeds of 2 actions.
const small = {
  task: 'push-T',
  teacher: 'triplet',
  model: 'rapl',
  rounds: 2,
  queriesPerRound: 4,
  evalSeeds: 2,
  evalSteps: 2,
  epochs: 2,
} as const;

test('loop --model rapl with a triplet teacher records each round, registers a RAPL model and runs RAS', async () => {
  const store = openStore(join(dir, 'rapl.db'));
  try {
    const r = await runLoop(store, small);
    expect(r.rounds.map((s) => s.labels)).toEqual([4, 8]);
    const trained: number[] = [];
    for (const s of r.rounds) {
      const m = store.getModel(s.modelId);
      expect(m?.kind).toBe('rapl');
      const metrics = m!.metrics as Record<string, number | null>;
      expect(metrics.round).toBe(s.round);
      expect(metrics.demos).toBeGreaterThan(0);
      expect(metrics.trainTriplets).toBeGreaterThan(0);
      trained.push(metrics.trainTriplets as number);
      // RAS ran with the RAPL reward: a finite mean final metric and a success rate in [0, 1].
      expect(Number.isFinite(s.rasFinal)).toBe(true);
      expect(s.rasSuccess).toBeGreaterThanOrEqual(0);
      expect(s.rasSuccess).toBeLessThanOrEqual(1);
    }
    // Round 2 trains on round 1's triplets as well as its own (some of them fall in the held-out episodes).
    expect(trained[1]).toBeGreaterThanOrEqual(trained[0]);
    // RAPL trains on recorded frames: the loop wrote episode files for the outcomes.
    const frames = readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('frames'));
    expect(frames.length).toBeGreaterThan(0);
    expect(Number.isFinite(r.slFinal)).toBe(true);

    // Another run trains on its own 4 triplets only, unless told to reuse every label of the task.
    const triplets = async (extra: object) => {
      const o = await runLoop(store, { ...small, rounds: 1, ...extra });
      return store.getModel(o.rounds[0].modelId)!.metrics.trainTriplets as number;
    };
    const own = await triplets({ seed: 1 });
    expect(own).toBeLessThanOrEqual(4);
    expect(await triplets({ seed: 2, reuseLabels: true })).toBeGreaterThan(own);
  } finally {
    store.close();
  }
}, 600_000);

test('loop --model rapl with a pair teacher stops with an error that asks for triplet labels', async () => {
  const store = openStore(join(dir, 'pair.db'));
  try {
    await expect(runLoop(store, { ...small, teacher: 'oracle', rounds: 1 })).rejects.toThrow(
      /no triplet labels for task push-T/,
    );
  } finally {
    store.close();
  }
}, 600_000);
