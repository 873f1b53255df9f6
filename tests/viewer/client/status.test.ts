import { expect, test } from 'vitest';
import { formatLabelAccuracy, MIN_SHOWN_PAIRS } from '../../../viewer/client/ui/status.ts';

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
