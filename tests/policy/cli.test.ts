/** `prefsim policy train|sample` at tiny scale, as a user runs them (spawned CLI, --json). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'prefsim-policy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function prefsim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npx', ['tsx', 'cli/main.ts', ...args], { cwd: process.cwd(), timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const lastJson = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!);

describe('prefsim policy', () => {
  const model = join(dir, 'push.onnx');

  test('train writes a resumable checkpoint and prints the result as JSON', async () => {
    const r = await prefsim(
      'policy',
      'train',
      '--task',
      'push-T',
      '--demos',
      '6',
      '--epochs',
      '2',
      '--points',
      '64',
      '--episode-steps',
      '3',
      '--out',
      model,
      '--demo-cache',
      dir,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    expect(j).toMatchObject({
      task: 'push-T',
      out: model,
      seed: 0,
      epochs: 2,
      steps: 2,
      startEpoch: 0,
      rotate: false,
      demos: { states: 6, alternatives: 4, points: 64, cached: false },
    });
    expect(Number.isFinite(j.finalLoss)).toBe(true);
    expect(statSync(model).size).toBeGreaterThan(1000);
    const again = await prefsim(
      'policy',
      'train',
      '--task',
      'push-T',
      '--demos',
      '6',
      '--epochs',
      '3',
      '--points',
      '64',
      '--episode-steps',
      '3',
      '--out',
      join(dir, 'push3.onnx'),
      '--resume',
      model,
      '--demo-cache',
      dir,
      '--json',
    );
    expect(again.code, again.stderr).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ startEpoch: 2, epochs: 3, steps: 3, demos: { cached: true } });
  });

  test('sample prints N candidates with the metrics after each, from one snapshot', async () => {
    const r = await prefsim(
      'policy',
      'sample',
      '--task',
      'push-T',
      '--seed',
      '3',
      '-n',
      '3',
      '--policy',
      model,
      '--ddim-steps',
      '5',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = lastJson(r.stdout);
    expect(j).toMatchObject({ task: 'push-T', seed: 3, n: 3, sampler: { kind: 'ddim', steps: 5, eta: 1 } });
    expect(j.candidates).toHaveLength(3);
    for (const c of j.candidates) {
      expect(c.action.primitive).toBe('push');
      expect(Object.keys(c.metrics)).toEqual(['coverage', 'positionError', 'angleError']);
      expect(c.reward).toBe(c.metrics.coverage);
    }
    expect(typeof j.diversity).toBe('number');
  });

  test.each([
    [
      ['policy', 'sample', '--task', 'push-X'],
      /--task: unknown value "push-X"; accepted: rope-circle, cloth-flatten, granular-T, push-T/,
    ],
    [
      ['policy', 'sample', '--task', 'push-T', '--candidates', '0'],
      /--candidates: expected an integer in \[1, 4096\], got "0"/,
    ],
    [
      ['policy', 'train', '--task', 'push-T', '--demos', '5', '--epochs', 'x', '--out', 'o.onnx'],
      /--epochs: expected an integer/,
    ],
  ])('usage errors exit 2 naming the flag: %j', async (args, msg) => {
    const r = await prefsim(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });
});
