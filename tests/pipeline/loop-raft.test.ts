import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../reward/index.ts';
import { loopRunKey, LoopConfigSchema, runLoop } from '../../pipeline/loop/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-loop-raft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = {
  task: 'push-T',
  rounds: 2,
  queriesPerRound: 6,
  evalSeeds: 2,
  evalSteps: 2,
  epochs: 3,
  policy: 'train',
  demos: 8,
  policyEpochs: 3,
  improve: 'raft' as const,
  raft: { states: 4, candidates: 4, keep: 1, episodeSteps: 2, epochs: 2 },
};

test('the loop with improve raft fine-tunes the policy each round, uses it next round, and records it', async () => {
  const store = openStore(join(dir, 'a.db'));
  try {
    const r = await runLoop(store, small, { threads: 1 });
    expect(r.rounds).toHaveLength(2);
    const [r0, r1] = r.rounds.map((s) => s.improve!);
    for (const imp of [r0, r1]) {
      expect(existsSync(imp.policyPath)).toBe(true);
      expect(imp.meanScoreKept).toBeGreaterThanOrEqual(imp.meanScoreAll);
      expect(Number.isFinite(imp.slFinal)).toBe(true);
      expect(store.getModel(imp.policyId!)).toMatchObject({ kind: 'policy', task: 'push-T', path: imp.policyPath });
    }
    // Round 1 fine-tuned round 0's policy, and the run ends on round 1's.
    expect(JSON.parse(readFileSync(`${r1.policyPath}.json`, 'utf8')).base.file).toBe(r0.policyPath);
    expect(JSON.parse(readFileSync(`${r0.policyPath}.json`, 'utf8')).base.file).toBe(r.basePolicyPath);
    expect(r.policyPath).toBe(r1.policyPath);
    expect(r.basePolicyPath).not.toBe(r.policyPath);
    // A config without improve keeps the run key it had before the option existed.
    const { improve: _i, raft: _r, ...plain } = small;
    expect(JSON.stringify(LoopConfigSchema.parse(plain))).not.toContain('improve');
    expect(loopRunKey(LoopConfigSchema.parse(plain))).not.toBe(loopRunKey(LoopConfigSchema.parse(small)));
  } finally {
    store.close();
  }
}, 300_000);
