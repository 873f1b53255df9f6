import { expect, test } from 'vitest';
import {
  describeCurrent,
  describePrediction,
  formatLabelAccuracy,
  formatShare,
  MIN_SHOWN_PAIRS,
} from '../../../viewer/client/ui/status.ts';
import { describeOutcome } from '../../../viewer/client/ui/end-figures.ts';

test.each([
  [0.781, 41, '78% (n = 41)'],
  [0.9, MIN_SHOWN_PAIRS, '90% (n = 20)'],
  [0.9, MIN_SHOWN_PAIRS - 1, '—'], // under 20 held-out pairs the figure says little
  [1, 2, '—'],
  [0.8, null, '—'], // an old registry row that does not say its n
  [null, 50, '—'],
])('status bar: labelAccuracy %s on %s pairs reads %s', (value, n, text) => {
  expect(formatLabelAccuracy(value, n)).toBe(text);
});

test.each([
  [3, 5, '— (n = 5)'], // the n shows even under the minimum
  [15, 20, '75% (n = 20)'],
  [0, 0, '— (n = 0)'],
])('status bar: agreement %s of %s reads %s', (k, n, text) => {
  expect(formatShare(k, n)).toBe(text);
});

test("the current query's prediction stays hidden until asked for, then says what the model prefers", () => {
  const p = { modelId: 'm', scores: [0.2, 0.9], std: [0.1, 0.1], pA: 0.3, pStd: 0.05 };
  expect(describeCurrent(p, false, ['A', 'B'])).toBe('This query: model hidden (p shows it)');
  expect(describeCurrent(undefined, true, ['A', 'B'])).toBe('This query: asking the model…');
  expect(describeCurrent(null, true, ['A', 'B'])).toBe('This query: no live model yet');
  expect(describeCurrent(p, true, ['A', 'B'])).toBe('This query: Model prefers B: P = 0.70 ± 0.05');
  expect(describePrediction(p, true, ['A', 'B'])).toBe('Model prefers B: P = 0.70 ± 0.05 — agrees with you');
});

test('end-state figures: the reward metric first, with the success rule', () => {
  const f = { metrics: [{ iou: 0.31, coverage: 0.623 }], rewardMetric: 'coverage', success: 'coverage ≥ 0.85' };
  expect(describeOutcome(f, 0)).toBe('coverage 0.62 (success: coverage ≥ 0.85) · iou 0.31');
});
