import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readEpisodeFile } from '../../sim/recording/index.ts';
import { lastJson, runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prefsim tasks', () => {
  test('--json lists the five tasks with their rules', () => {
    const r = runCli(['tasks', '--json']);
    expect(r.code).toBe(0);
    const ids = lastJson(r.stdout).tasks.map((t: { id: string }) => t.id);
    expect(ids).toEqual(['rope-circle', 'cloth-flatten', 'granular-T', 'push-T', 'tshirt-unfold']);
  });

  test('prints one line per task without --json', () => {
    const r = runCli(['tasks']);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stdout).toContain('push-T');
  });
});

describe('prefsim sim', () => {
  test('an expert episode with --record and --json', () => {
    const file = join(dir, 'ep.psep');
    const r = runCli([
      'sim',
      '--task',
      'push-T',
      '--seed',
      '3',
      '--steps',
      '3',
      '--actor',
      'expert',
      '--record',
      file,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.task).toBe('push-T');
    expect(out.steps).toHaveLength(3);
    expect(out.steps[0].metrics.coverage).toBeTypeOf('number');
    const ep = readEpisodeFile(file);
    expect(ep.taskId).toBe('push-T');
    expect(ep.steps).toHaveLength(3);
    expect(ep.frames.length).toBe(ep.steps.reduce((n, s) => n + s.frameCount, 0));
    expect(ep.frames.length).toBeGreaterThan(10);
    expect(out.record.bytes).toBeGreaterThan(0);
  });

  test('human output prints per-step metrics', () => {
    const r = runCli(['sim', '--task', 'push-T', '--steps', '2', '--actor', 'random']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/step {2}1 +coverage/);
    expect(r.stdout).toMatch(/final coverage/);
  });

  test.each([
    [
      ['sim', '--task', 'rope'],
      /--task: unknown value "rope"; accepted: rope-circle, cloth-flatten, granular-T, push-T/,
    ],
    [['sim', '--task', 'push-T', '--seed', '-1'], /--seed: expected an integer/],
    [['sim', '--task', 'push-T', '--steps', 'many'], /--steps: expected an integer/],
    [['sim', '--task', 'push-T', '--actor', 'human'], /--actor: unknown value "human"; accepted: expert, random/],
    [['sim'], /required option '--task <id>'/],
    [['frobnicate'], /unknown command/],
  ])('usage error %j exits 2 and names the flag', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--help explains the flags', () => {
    const r = runCli(['sim', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--task', '--seed', '--steps', '--actor', '--record', '--json'])
      expect(r.stdout).toContain(flag);
  });
});
