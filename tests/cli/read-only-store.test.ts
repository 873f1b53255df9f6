/**
 * A store file the user may not write (chmod 444): the commands that only read it work, and the
 * commands that write refuse it at start with one line naming the file (issue 17, item 6).
 * Root writes any file, so the commands run as an unprivileged user when the suite runs as root.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lastJson, runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-ro-store-'));
const db = join(dir, 'p.db');
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
let modelId = '';
const fileHash = () => createHash('sha256').update(readFileSync(db)).digest('hex');
let before = '';

/** The CLI as the unprivileged user, with its own HOME (tsx's cache) in the test folder. */
function runAsUser(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    ...asUser,
    env: { ...process.env, HOME: join(dir, 'home') },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const c = runCli([
    'collect',
    '--task',
    'rope-circle',
    '--teacher',
    'oracle',
    '--queries',
    '8',
    '--candidates',
    '2',
    '--policy',
    'stand-in',
    '--db',
    db,
    '--json',
  ]);
  expect(c.code, c.stderr).toBe(0);
  const t = runCli([
    'reward',
    'train',
    '--task',
    'rope-circle',
    '--reward-kind',
    'explicit',
    '--epochs',
    '1',
    '--db',
    db,
    '--json',
  ]);
  expect(t.code, t.stderr).toBe(0);
  modelId = lastJson(t.stdout).id;
  mkdirSync(join(dir, 'home'));
  chmodSync(dir, 0o777); // outputs (report, export) go here; the store file alone is read-only
  chmodSync(join(dir, 'home'), 0o777);
  chmodSync(db, 0o444);
  before = fileHash();
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.sequential('a read-only store file', () => {
  test('reward eval, eval with its HTML report, and store export read it', () => {
    const ev = runAsUser(['reward', 'eval', '--reward', modelId, '--db', db, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    expect(lastJson(ev.stdout)).toMatchObject({ model: modelId, kind: 'explicit', db });

    const html = join(dir, 'report.html');
    const run = runAsUser([
      'eval',
      '--task',
      'rope-circle',
      '--methods',
      'explicit',
      '--seeds',
      '1',
      '--steps',
      '1',
      '--candidates',
      '2',
      '--workers',
      '0',
      '--reward',
      modelId,
      '--db',
      db,
      '--html',
      html,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(lastJson(run.stdout).results).toHaveLength(1);
    expect(readFileSync(html, 'utf8')).toContain(`explicit reward ${modelId} on`);

    const dump = join(dir, 'dump.jsonl');
    const ex = runAsUser(['store', 'export', '--db', db, '--out', dump, '--json']);
    expect(ex.code, ex.stderr).toBe(0);
    expect(lastJson(ex.stdout).counts.label).toBe(8);
    expect(fileHash()).toBe(before);
  }, 360_000);

  const refusal = `prefsim: store ${db}: the file is not writable (EACCES); fix the permissions or pass another --db\n`;
  test.each([
    ['collect', ['collect', '--task', 'rope-circle', '--teacher', 'oracle', '--queries', '1', '--policy', 'stand-in']],
    ['reward train', ['reward', 'train', '--task', 'rope-circle', '--reward-kind', 'explicit', '--epochs', '1']],
    ['store import', ['store', 'import', '--in', join(dir, 'dump.jsonl')]],
    ['loop', ['loop', '--task', 'rope-circle', '--rounds', '1']],
    ['serve', ['serve', '--task', 'rope-circle', '--port', '0', '--no-build']],
  ])(
    '%s refuses it at start with one line naming the file',
    (_name, args) => {
      const r = runAsUser([...args, '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(refusal);
      expect(r.stdout).toBe('');
      expect(fileHash()).toBe(before);
    },
    120_000,
  );
});
