/**
 * The output conventions (README "Output"), for every command with --json: with --json stdout is
 * exactly one line, a JSON object; without it stdout is human text with no JSON object; progress
 * and logs go to stderr in both modes (off a TTY, as here, progress is plain lines "k/n (p %)").
 * `loop`, `policy train` and `policy raft` are left out: each takes minutes at any size; they print
 * through the same cli/output.ts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-output-'));
const db = join(dir, 'p.db');
const PROGRESS = /\d+\/\d+ \(\d+ %\)/;

function bin(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/prefsim.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

function expectJsonMode(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(isJsonObject(lines[0])).toBe(true);
}

function expectHumanMode(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter(isJsonObject)).toEqual([]);
}

beforeAll(() => {
  // A small store with labels and a registered reward model, shared by the store-reading commands.
  const c = bin(
    ['collect', '--task', 'push-T', '--teacher', 'oracle', '--queries', '8', '--policy', 'stand-in'].concat([
      '--candidates',
      '2',
      '--db',
      db,
    ]),
  );
  expect(c.code, c.stderr).toBe(0);
  const t = bin(['reward', 'train', '--task', 'push-T', '--reward-kind', 'explicit', '--epochs', '1', '--db', db]);
  expect(t.code, t.stderr).toBe(0);
  const e = bin(['sim', '--task', 'push-T', '--steps', '1', '--record', join(dir, 'view.episode')]);
  expect(e.code, e.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** name, arguments for mode ('json' | 'human'), and whether the command shows progress. */
const COMMANDS: [string, (mode: string) => string[], boolean][] = [
  ['tasks', () => ['tasks'], false],
  ['sim', (m) => ['sim', '--task', 'push-T', '--steps', '2', '--record', join(dir, `${m}.episode`)], true],
  [
    'eval',
    () => ['eval', '--task', 'push-T', '--methods', 'expert', '--seeds', '2', '--steps', '1', '--workers', '0'],
    true,
  ],
  [
    'collect',
    () => [
      'collect',
      '--task',
      'push-T',
      '--teacher',
      'oracle',
      '--queries',
      '2',
      '--policy',
      'stand-in',
      '--candidates',
      '2',
      '--db',
      db,
    ],
    true,
  ],
  [
    'reward train',
    () => ['reward', 'train', '--task', 'push-T', '--reward-kind', 'explicit', '--epochs', '1', '--db', db],
    true,
  ],
  ['reward eval', () => ['reward', 'eval', '--reward', 'latest', '--task', 'push-T', '--db', db], false],
  [
    'reward pretrain',
    (m) => [
      'reward',
      'pretrain',
      '--task',
      'push-T',
      '--out',
      join(dir, `${m}.enc`),
      '--episodes',
      '1',
      '--steps',
      '1',
      '--actions',
      '1',
      '--epochs',
      '1',
      '--policy',
      'stand-in',
    ],
    true,
  ],
  ['policy sample', () => ['policy', 'sample', '--task', 'push-T', '--candidates', '2', '--ddim-steps', '2'], true],
  ['annotators', () => ['annotators', '--db', db], false],
  ['store export', (m) => ['store', 'export', '--db', db, '--out', join(dir, `${m}.jsonl`)], false],
];

describe.each(COMMANDS)('prefsim %s', (_name, args, progress) => {
  test('--json: one JSON object is all of stdout; progress still on stderr', () => {
    const r = bin([...args('json'), '--json']);
    expectJsonMode(r);
    if (progress) expect(r.stderr).toMatch(PROGRESS);
    // A figure with nothing behind it is null in JSON and "—" in text, never NaN.
    expect(r.stdout + r.stderr).not.toMatch(/\bNaN\b/);
  });
  test('without --json: human text on stdout, progress on stderr', () => {
    const r = bin(args('human'));
    expectHumanMode(r);
    expect(r.stdout + r.stderr).not.toMatch(/\bNaN\b/);
    if (progress) {
      expect(r.stderr).toMatch(PROGRESS);
      expect(r.stdout).not.toMatch(PROGRESS);
    }
  });
});

describe('prefsim store import', () => {
  test.each(['json', 'human'])('%s mode', (mode) => {
    expect(bin(['store', 'export', '--db', db, '--out', join(dir, 'dump.jsonl')]).code).toBe(0);
    const args = ['store', 'import', '--db', join(dir, `${mode}-import.db`), '--in', join(dir, 'dump.jsonl')];
    if (mode === 'json') expectJsonMode(bin([...args, '--json']));
    else expectHumanMode(bin(args));
  });
});

/** Starts a long-running command and resolves with its stdout once it has printed `ready` and stopped. */
function runUntil(args: string[], ready: RegExp): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['bin/prefsim.js', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (ready.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 0 : -1), stdout, stderr }));
  });
}

describe.each([
  ['serve', () => ['serve', '--port', '0', '--db', join(dir, 'serve.db'), '--trainer', 'none', '--no-build']],
  ['view', () => ['view', join(dir, 'view.episode'), '--port', '0']],
])('prefsim %s (runs until stopped)', (_name, args) => {
  test('--json: one JSON object once listening', async () => {
    expectJsonMode(await runUntil([...args(), '--json'], /\n/));
  }, 120_000);
  test('without --json: the URL as human text', async () => {
    const r = await runUntil(args(), /http:\/\/127\.0\.0\.1:\d+/);
    expectHumanMode(r);
  }, 120_000);
});
