import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { runnableModule } from '../../core/compiled-module.ts';
import { COMMANDS } from '../../cli/command-table.ts';
import { lastJson } from './run-cli.ts';

const ROOT = new URL('../../', import.meta.url);
const bin = (args: string[]) =>
  spawnSync(process.execPath, ['bin/prefsim.js', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('the command table', () => {
  it.each(Object.entries(COMMANDS))("%s: the --help summary is the command's own description", async (name, entry) => {
    const program = new Command('prefsim');
    (await entry.load())(program);
    const cmd = program.commands.find((c) => c.name() === name);
    expect(cmd?.description()).toBe(entry.summary);
  });
});

describe('the compiled CLI (bin/prefsim.js)', () => {
  afterEach(() => {
    globalThis.__prefsimDist = undefined;
  });

  it('runs a command from dist/, building it when stale', () => {
    const r = bin(['tasks', '--json']);
    expect(r.status).toBe(0);
    expect(lastJson(r.stdout).tasks.map((t: { id: string }) => t.id)).toContain('push-T');
    expect(existsSync(fileURLToPath(new URL('dist/js/cli-main.js', ROOT)))).toBe(true);
  });

  it('lists every command in --help without loading one', () => {
    const r = bin(['--help']);
    expect(r.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('maps a worker module to its bundle, so pool threads need no tsx', () => {
    expect(bin(['--help']).status).toBe(0); // makes dist/ current
    const worker = new URL('pipeline/eval/worker.ts', ROOT);
    expect(runnableModule(worker)).toEqual({ url: worker, compiled: false }); // under vitest: the source
    globalThis.__prefsimDist = new URL('dist/', ROOT).href;
    const mapped = runnableModule(worker);
    expect(mapped.compiled).toBe(true);
    expect(mapped.url.href).toMatch(/\/dist\/js\/pipeline-eval-worker\.js$/);
    expect(existsSync(fileURLToPath(mapped.url))).toBe(true);
    const user = new URL('tests/cli/run-cli.ts', ROOT); // not an entry: stays TypeScript
    expect(runnableModule(user)).toEqual({ url: user, compiled: false });
  });

  it('runs an evaluation on pool threads from the bundles', () => {
    const r = bin([
      'eval',
      '--task',
      'push-T',
      '--methods',
      'random',
      '--seeds',
      '1',
      '--steps',
      '1',
      '--workers',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(lastJson(r.stdout).task).toBe('push-T');
  });
});
