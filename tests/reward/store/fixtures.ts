/** Shared test fixtures: temp store files and a small populated store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Action } from '../../../sim/types.ts';
import type { PreferenceStore } from '../../../reward/store/index.ts';

export const TABLES = ['states', 'queries', 'outcomes', 'labels', 'label_models', 'models', 'runs'] as const;

/** A fresh temp dir; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const act = (x: number, primitive: Action['primitive'] = 'pick_place'): Action => ({
  primitive,
  p0: [x, 0.25, 0],
  p1: [-x, 0.5, 0.125],
});

/**
 * Fills a store with every kind of row: 2 tasks, models with a parent, all label kinds from two
 * annotators, a ranking query with an expert, outcomes, a run.
 */
export function populate(store: PreferenceStore): { pairQuery: number; rankQuery: number } {
  const t = 1_700_000_000_000;
  const m1 = store.registerModel({
    task: 'rope-circle',
    kind: 'explicit',
    path: 'models/a.onnx',
    hash: 'aa11',
    metrics: { acc: 0.8 },
    createdAt: t,
  });
  const m2 = store.registerModel({
    task: 'rope-circle',
    kind: 'explicit',
    path: 'models/b.onnx',
    hash: 'bb22',
    metrics: { acc: 0.9, curve: [1, 2] },
    parent: m1,
    createdAt: t + 10,
  });
  const s1 = store.addState({
    task: 'rope-circle',
    seed: 7,
    snapshot: new Uint8Array([1, 2, 3, 255]),
    observation: new Uint8Array([9, 8]),
    createdAt: t,
  });
  const s2 = store.addState({
    task: 'push-T',
    seed: 8,
    snapshot: new Uint8Array([0]),
    observationRef: 'obs/8.bin',
    createdAt: t + 1,
  });
  const pairQuery = store.addQuery({
    stateId: s1,
    candidates: [act(0.1), act(0.2)],
    selector: 'disagreement',
    selectorScore: 0.42,
    createdAt: t + 2,
  });
  store.addOutcome({
    queryId: pairQuery,
    candidate: 0,
    metrics: { iou: 0.5 },
    framesRef: 'frames/1-0.bin',
    return: 0.5,
    createdAt: t + 3,
  });
  store.addOutcome({ queryId: pairQuery, candidate: 1, metrics: { iou: 0.25 }, return: 0.25, createdAt: t + 3 });
  store.addLabel({
    queryId: pairQuery,
    label: { kind: 'pair', winner: 'A' },
    annotator: 'alice',
    responseMs: 1234.5,
    liveModels: [m1, m2],
    createdAt: t + 4,
  });
  store.addLabel({ queryId: pairQuery, label: { kind: 'pair', winner: 'equal' }, annotator: 'bob', createdAt: t + 5 });
  store.addLabel({
    queryId: pairQuery,
    label: { kind: 'pair', winner: 'skip' },
    annotator: 'teacher:oracle',
    createdAt: t + 6,
  });
  const rankQuery = store.addQuery({
    stateId: s1,
    candidates: [act(1), act(2), act(3), act(4)],
    expert: 3,
    selector: 'uniform',
    createdAt: t + 7,
  });
  store.addLabel({
    queryId: rankQuery,
    label: { kind: 'ranking', order: [2, 0], rest: [1, 3] },
    annotator: 'alice',
    createdAt: t + 8,
  });
  const thumbs = store.addQuery({ stateId: s2, candidates: [act(0.3, 'push')], selector: 'uniform', createdAt: t + 9 });
  store.addLabel({ queryId: thumbs, label: { kind: 'binary', good: false }, annotator: 'bob', createdAt: t + 10 });
  const trip = store.addQuery({
    stateId: s2,
    candidates: [act(1, 'push'), act(2, 'push'), act(3, 'push')],
    selector: 'entropy',
    selectorScore: 1.5,
    createdAt: t + 11,
  });
  store.addLabel({
    queryId: trip,
    label: { kind: 'triplet', best: 1, middle: 2, worst: 0 },
    annotator: 'alice',
    liveModels: [m2],
    createdAt: t + 12,
  });
  store.addLabel({ queryId: trip, label: { kind: 'triplet-equal' }, annotator: 'bob', createdAt: t + 13 });
  store.setRun('loop:rope', { round: 3, labels: [1, 2] }, t + 14);
  return { pairQuery, rankQuery };
}

/** Every row of every table, straight from the file (no store code involved). */
export function tableContents(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
    return out;
  } finally {
    db.close();
  }
}
