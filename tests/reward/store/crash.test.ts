/**
 * SIGKILL durability: a child writes labels and reports each id after its commit returns; we
 * kill it at a seeded random moment, reopen, and check that every reported label is there and
 * no transaction is half-applied.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { openStore } from '../../../reward/store/index.ts';
import { tempDir } from './fixtures.ts';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** Runs the writer, kills it `delayMs` after it is ready; returns the ids it reported. */
function runAndKill(file: string, delayMs: number): Promise<{ reported: number[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!armed && out.includes('ready\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (c) => (err += String(c)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!armed) return reject(new Error(`writer exited before ready (code ${code}): ${err}`));
      // Only whole lines count as reports; a torn last line was never fully reported.
      const whole = out
        .slice(0, out.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((l) => l !== '' && l !== 'ready');
      resolve({ reported: whole.map(Number), signal });
    });
  });
}

test('every label reported as committed survives SIGKILL; no partial rows', async () => {
  const rng = makeRng(20240611);
  const runs: { delayMs: number; reported: number; present: number; extra: number }[] = [];
  for (let run = 0; run < 4; run++) {
    const file = join(tmp.dir, `crash-${run}.db`);
    const delayMs = Math.round(rng.uniform(60, 500));
    const { reported, signal } = await runAndKill(file, delayMs);
    expect(signal).toBe('SIGKILL');
    expect(reported.length).toBeGreaterThan(0);

    const store = openStore(file);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      const labels = store.labelsFor('crash'); // parses every payload
      const ids = new Set(labels.map((l) => l.id));
      for (const id of reported) expect(ids.has(id), `reported label ${id} missing after kill`).toBe(true);
      // Atomic iterations: every query has both outcomes and one label with its model link.
      const queries = store.queriesFor('crash');
      expect(queries.length).toBe(labels.length);
      for (const q of queries) expect(store.outcomesFor(q.id).map((o) => o.candidate)).toEqual([0, 1]);
      for (const l of labels) expect(l.liveModels).toHaveLength(1);
      // At most the one transaction that committed before its id could be printed.
      expect(labels.length - reported.length).toBeGreaterThanOrEqual(0);
      expect(labels.length - reported.length).toBeLessThanOrEqual(1);
      runs.push({ delayMs, reported: reported.length, present: labels.length, extra: labels.length - reported.length });
    } finally {
      store.close();
    }
  }
  // Different delays should give different amounts of work; the kills were not all at startup.
  expect(new Set(runs.map((r) => r.reported)).size).toBeGreaterThan(1);
}, 30_000);
