/** `npm run quality -- reward-table` end to end at smoke size: every row of issue 12's table, with its target. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import rewardTable, { type TableRow } from '../../quality/reward-table.ts';
import { initPhysics } from '../../sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-reward-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the reward table runs every measurement and gives each row a figure, its n and its target', async () => {
  await initPhysics();
  const out = (await rewardTable(['--small', '--cache', dir, '--ras-tasks', 'push-T'])) as { rows: TableRow[] };
  const measures = out.rows.map((r) => r.measure);
  expect(measures).toEqual([
    'push-T explicit, 20 oracle pairs, labelAccuracy',
    'push-T explicit, 20 avoid-region labels, labelAccuracy',
    'push-T implicit, 4 oracle rankings, labelAccuracy',
    'RAS implicit − SL, push-T, paired',
    'labels to 0.80 on push-T, pretrained / scratch',
    'train − held-out, explicit, 20 pairs',
  ]);
  for (const r of out.rows) {
    expect(r.target).not.toBe('');
    expect(r.n).not.toBe('');
  }
  // Accuracies are proportions of test pairs; the paired RAS row stands on 2 seeds.
  for (const r of out.rows.slice(0, 3)) {
    expect(r.value).toBeGreaterThanOrEqual(0);
    expect(r.value).toBeLessThanOrEqual(1);
    expect(r.n).toMatch(/\d+ test pairs/);
  }
  expect(out.rows[3].n).toMatch(/^2 seeds/);
  expect(out.rows[0].met).toBe(out.rows[0].value! >= 0.85);
}, 600_000);
