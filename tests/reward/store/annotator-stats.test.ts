/**
 * Annotator quality on a hand-built store whose every figure can be counted by hand: gold pairs
 * (task metric apart by ≥ margin), agreement with others and with oneself, undo kept as history,
 * labels per hour and the median response time with their n.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  annotatorStats,
  labelPreferences,
  medianWithInterval,
  openStore,
  type PreferenceStore,
} from '../../../reward/store/index.ts';
import type { Label } from '../../../reward/labels/index.ts';
import { wilsonInterval } from '../../../reward/models/index.ts';
import { act, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore;
beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 'p.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** A pair query of push-T whose outcomes have coverage `a` and `b`. */
function pair(a: number, b: number, seed = 0): number {
  const stateId = store.addState({ task: 'push-T', seed, snapshot: new Uint8Array([1]) });
  const q = store.addQuery({ stateId, candidates: [act(0.1), act(0.2)], selector: 'uniform' });
  store.addOutcome({ queryId: q, candidate: 0, metrics: { coverage: a } });
  store.addOutcome({ queryId: q, candidate: 1, metrics: { coverage: b } });
  return q;
}
const say = (
  queryId: number,
  annotator: string,
  winner: 'A' | 'B' | 'equal' | 'skip',
  responseMs: number | null = null,
) => store.addLabel({ queryId, annotator, label: { kind: 'pair', winner }, responseMs });
const OPTS = { task: 'push-T', metric: 'coverage', margin: 0.1 };

describe('annotatorStats', () => {
  test('gold, others, self, undo history, rate and median, counted by hand', () => {
    const clear1 = pair(0.9, 0.2); // answer A
    const clear2 = pair(0.1, 0.6); // answer B
    const close = pair(0.5, 0.45); // not gold: 0.05 < margin
    // ada: right on both gold pairs, once more on a repeat of clear1 where she changed her mind.
    say(clear1, 'ada', 'A', 2000);
    say(clear2, 'ada', 'B', 4000);
    say(close, 'ada', 'A', 6000);
    say(clear1, 'ada', 'B', 8000); // repeat: disagrees with herself, and misses gold
    // bob: an undone wrong answer (kept as history, not counted), then equal on gold (a miss), agreeing skip.
    const undone = say(clear1, 'bob', 'B', 1000);
    store.retractLabel(undone);
    say(clear1, 'bob', 'equal', 3000);
    say(close, 'bob', 'A');
    say(clear2, 'bob', 'skip', 5000);
    const r = annotatorStats(store, OPTS);
    expect(r.annotators.map((a) => a.annotator)).toEqual(['ada', 'bob']);
    const [ada, bob] = r.annotators;
    expect(ada).toMatchObject({ labels: 4, retracted: 0, timedLabels: 4 });
    expect(ada.gold).toMatchObject({ value: 2 / 3, n: 3 });
    expect(ada.gold.ci95).toEqual(wilsonInterval(2, 3));
    expect(ada.self).toMatchObject({ value: 0, n: 1 });
    // ada's first clear1 (A) vs bob's equal: no; close A vs A: yes. clear2: bob skipped, nothing to compare.
    expect(ada.others).toMatchObject({ value: 0.5, n: 2 });
    // 4 labels in 20 s of labelling: 720 per hour; median of 2, 4, 6, 8 s.
    expect(ada.labelsPerHour).toBeCloseTo(720, 9);
    expect(ada.medianResponseMs).toBe(5000);
    expect(bob).toMatchObject({ labels: 3, retracted: 1, timedLabels: 2, medianResponseMs: 4000 });
    expect(bob.gold).toMatchObject({ value: 0, n: 1 });
    expect(bob.others).toMatchObject({ value: 0.5, n: 2 });
    expect(bob.self.n).toBe(0);
    expect(Number.isNaN(bob.self.value)).toBe(true);
  });

  test('other tasks and a missing metric are not counted; a bad margin is refused by name', () => {
    const q = pair(0.9, 0.1);
    const other = store.addQuery({
      stateId: store.addState({ task: 'rope-circle', seed: 1, snapshot: new Uint8Array([1]) }),
      candidates: [act(0.1), act(0.2)],
      selector: 'uniform',
    });
    say(q, 'ada', 'A', 1000);
    say(other, 'ada', 'B', 1000);
    expect(annotatorStats(store, OPTS).annotators[0]).toMatchObject({ labels: 1, gold: { n: 1, value: 1 } });
    expect(annotatorStats(store, { ...OPTS, metric: 'iou' }).annotators[0].gold.n).toBe(0);
    expect(() => annotatorStats(store, { ...OPTS, margin: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[Error: annotatorStats: field margin: expected a number ≥ 0, found -1]`,
    );
  });
});

test.each<[Label, [string, number][]]>([
  [{ kind: 'pair', winner: 'B' }, [['0:1', 0]]],
  [{ kind: 'pair', winner: 'skip' }, []],
  [
    { kind: 'triplet', best: 2, middle: 0, worst: 1 },
    [
      ['0:2', 0],
      ['0:1', 1],
      ['1:2', 0],
    ],
  ],
  [
    { kind: 'ranking', order: [1], rest: [0, 2] },
    [
      ['0:1', 0],
      ['1:2', 1],
    ],
  ],
  [{ kind: 'binary', good: true }, [['good:0', 1]]],
])('labelPreferences(%j)', (label, prefs) => {
  expect([...labelPreferences(label)]).toEqual(prefs);
});

test('medianWithInterval: the order-statistic interval holds the median and widens with fewer points', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  const m = medianWithInterval(xs);
  expect(m.median).toBe(50.5);
  expect(m.ci95).toEqual([40, 61]); // the binomial table's ranks for n = 100
  expect(medianWithInterval([1, 2, 3]).ci95.every(Number.isNaN)).toBe(true);
  expect(medianWithInterval([]).median).toBeNull();
});
