import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { lastJson, runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-reward-cli-'));
const db = join(dir, 'p.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One store shared by the tests below, in order: collect, then train and evaluate on it.
/** The explicit model file the train test wrote, evaluated on a separate store after. */
let explicitFile: string | undefined;
describe.sequential('prefsim collect, reward train|eval', () => {
  test('collect: candidates from the trained rope-circle policy by default, labels stored', () => {
    const r = runCli([
      'collect',
      '--task',
      'rope-circle',
      '--teacher',
      'oracle',
      '--queries',
      '16',
      '--candidates',
      '4',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.policy).toMatch(/models\/policy-rope-circle\.onnx$/);
    expect(out.queries).toBe(16);
    expect(out.counts).toMatchObject({ queries: 16, labels: 16, outcomes: 32 });
    expect(r.stderr).toContain('candidates from');
  });

  test('collect --policy stand-in, and a missing policy file is a usage error naming the flag', () => {
    const ok = runCli([
      'collect',
      '--task',
      'rope-circle',
      '--teacher',
      'oracle',
      '--queries',
      '2',
      '--policy',
      'stand-in',
      '--seed',
      '50',
      '--db',
      db,
      '--json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(lastJson(ok.stdout)).toMatchObject({ policy: 'stand-in', queries: 2 });
    const bad = runCli([
      'collect',
      '--task',
      'rope-circle',
      '--teacher',
      'oracle',
      '--queries',
      '1',
      '--policy',
      join(dir, 'none.onnx'),
      '--db',
      db,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--policy: policy ${join(dir, 'none.onnx')}: no such file`);
  });

  test('reward train --reward-kind explicit registers a model; reward eval --reward latest reports held-out', () => {
    const t = runCli([
      'reward',
      'train',
      '--task',
      'rope-circle',
      '--reward-kind',
      'explicit',
      '--epochs',
      '2',
      '--db',
      db,
      '--json',
    ]);
    expect(t.code, t.stderr).toBe(0);
    const trained = lastJson(t.stdout);
    expect(trained).toMatchObject({ kind: 'explicit', task: 'rope-circle' });
    expect(existsSync(trained.path)).toBe(true);
    explicitFile = trained.path;
    const e = runCli(['reward', 'eval', '--task', 'rope-circle', '--reward', 'latest', '--db', db, '--json']);
    expect(e.code, e.stderr).toBe(0);
    const ev = lastJson(e.stdout);
    expect(ev).toMatchObject({ kind: 'explicit', task: 'rope-circle' });
    expect(ev.split).toBe('held-out');
    expect(ev.spearmanReturn.outcomes).toBeGreaterThan(0);
    expect(ev.labelAccuracy.value === null || (ev.labelAccuracy.value >= 0 && ev.labelAccuracy.value <= 1)).toBe(true);
    expect(ev.teacherAccuracy).not.toBeNull(); // collect stored the oracle's scores
    // The registry row carries the shared keys, and the trainer said where its figures are thin.
    expect(trained.metrics).toHaveProperty('labelAccuracy');
    expect(trained.metrics).toHaveProperty('trainLabelAccuracy');
    expect(trained.metrics).not.toHaveProperty('heldOutAccuracy');
    expect(t.stderr).toMatch(/held-out labelAccuracy .*\(n = \d+/);
    expect(t.stderr).toContain('warning: labelAccuracy stands on');
  });

  test('reward train: --validation, --patience, --weight-decay, --max-epochs reach the trainer and the registry ' +
    'records the stopping', () => {
    // A store of its own, 10 episodes (scene seeds 0–9): both sides of a 0.5 validation split hold some.
    const own = join(dir, 'discipline.db');
    const c = runCli([
      'collect',
      '--task',
      'rope-circle',
      '--teacher',
      'oracle',
      '--queries',
      '40',
      '--candidates',
      '2',
      '--policy',
      'stand-in',
      '--db',
      own,
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
      '--max-epochs',
      '3',
      '--validation',
      '0.5',
      '--patience',
      '1',
      '--weight-decay',
      '0',
      '--db',
      own,
      '--json',
    ]);
    expect(t.code, t.stderr).toBe(0);
    const m = lastJson(t.stdout).metrics;
    expect(m.epochsUsed).toBeGreaterThanOrEqual(1);
    expect(m.epochsUsed).toBeLessThanOrEqual(3);
    expect(m.bestEpoch).toBeLessThanOrEqual(m.epochsUsed);
    expect(m.validationPairs).toBeGreaterThan(0); // half the training episodes held apart
    expect(m.trainPairs + m.validationPairs).toBeGreaterThan(m.validationPairs);
    expect(typeof m.validationLoss).toBe('number');
    const help = runCli(['reward', 'train', '--help']);
    for (const flag of ['--validation', '--patience', '--weight-decay', '--max-epochs'])
      expect(help.stdout).toContain(flag);
  }, 240_000);

  test('reward pretrain writes an encoder from free rollouts; reward train --pretrained fine-tunes from it', () => {
    const enc = join(dir, 'enc.onnx');
    const p = runCli([
      'reward',
      'pretrain',
      '--task',
      'rope-circle',
      '--episodes',
      '2',
      '--steps',
      '2',
      '--actions',
      '3',
      '--epochs',
      '3',
      '--policy',
      'stand-in',
      '--out',
      enc,
      '--json',
    ]);
    expect(p.code, p.stderr).toBe(0);
    const pre = lastJson(p.stdout);
    expect(pre).toMatchObject({ file: enc, task: 'rope-circle', policy: 'stand-in' });
    expect(pre.transitions + pre.heldOutTransitions).toBe(12);
    expect(pre.finalLoss).toBeLessThan(pre.firstLoss);
    const t = runCli([
      'reward',
      'train',
      '--task',
      'rope-circle',
      '--reward-kind',
      'explicit',
      '--epochs',
      '1',
      '--pretrained',
      enc,
      '--db',
      db,
      '--json',
    ]);
    expect(t.code, t.stderr).toBe(0);
    expect(lastJson(t.stdout).metrics.pretrained).toBe(1);
  }, 240_000);

  test('reward eval --all scores a model on every state of a separate test store', () => {
    const file = explicitFile!;
    const testDb = join(dir, 'test.db');
    const c = runCli([
      'collect',
      '--task',
      'rope-circle',
      '--teacher',
      'oracle',
      '--queries',
      '8',
      '--candidates',
      '4',
      '--seed',
      '500',
      '--db',
      testDb,
      '--json',
    ]);
    expect(c.code, c.stderr).toBe(0);
    const e = runCli(['reward', 'eval', '--reward', file, '--task', 'rope-circle', '--db', testDb, '--all', '--json']);
    expect(e.code, e.stderr).toBe(0);
    const ev = lastJson(e.stdout);
    expect(ev).toMatchObject({ split: 'all', fraction: 1, states: 8, queries: 8, db: testDb });
    expect(ev.labelAccuracy.n + ev.equalLabels).toBe(8); // every pair label of the test store
    expect(ev.labelAccuracy.ci95[0]).toBeLessThanOrEqual(ev.labelAccuracy.value);
    expect(ev.trainLabelAccuracy).toBeNull();
    expect(ev.warnings[0]).toContain('evaluated pairs (fewer than 30)');
    const human = runCli(['reward', 'eval', '--reward', file, '--task', 'rope-circle', '--db', testDb, '--all']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('evaluated on every state: 2 episodes, 8 states, 8 queries');
    expect(human.stdout).toMatch(/labelAccuracy +\d\.\d{3} \(n = \d+, 95 % CI/);
  }, 240_000); // three CLI runs, each slow to start on a loaded machine

  test("eval --html with a learned reward shows the reward's reliability on the store's held-out labels", () => {
    const html = join(dir, 'report.html');
    const r = runCli([
      'eval',
      '--task',
      'rope-circle',
      '--methods',
      'sl,explicit',
      '--seeds',
      '2',
      '--steps',
      '2',
      '--workers',
      '0',
      '--reward',
      'latest',
      '--db',
      db,
      '--html',
      html,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('aria-label="reliability diagram"');
    expect(page).not.toMatch(/\bNaN\b/);
    expect(page).toMatch(
      new RegExp(
        String.raw`explicit reward rope-circle-explicit-[0-9a-f]{12} on \d+ held-out pairs of .*p\.db ` +
          String.raw`\(against the labels\): label accuracy (\d\.\d{3}|—) \(n = \d+, 95 % CI .*\), ECE \d\.\d{3}\.`,
      ),
    );
  });

  test(
    'reward train --reward-kind implicit fine-tunes the default policy and ' +
      'registers kind implicit; eval opens it by id',
    () => {
      const t = runCli([
        'reward',
        'train',
        '--task',
        'rope-circle',
        '--reward-kind',
        'implicit',
        '--epochs',
        '1',
        '--draws',
        '8',
        '--loss',
        'sigmoid',
        '--db',
        db,
        '--json',
      ]);
      expect(t.code, t.stderr).toBe(0);
      const trained = lastJson(t.stdout);
      expect(trained).toMatchObject({ kind: 'implicit', task: 'rope-circle' });
      expect(trained.metrics.trainPairs).toBeGreaterThan(0);
      expect(trained.metrics.epochsUsed).toBe(1); // the registry records the epochs the trainer ran
      expect(trained.path).toMatch(/rope-circle-implicit-[0-9a-f]{12}\.onnx$/);
      const e = runCli(['reward', 'eval', '--task', 'rope-circle', '--reward', trained.id, '--db', db, '--json']);
      expect(e.code, e.stderr).toBe(0);
      expect(lastJson(e.stdout)).toMatchObject({ kind: 'implicit', model: trained.id, task: 'rope-circle' });
    },
  );

  test.each([
    [
      ['--reward-kind', 'implicit', '--ensemble', '3'],
      '--ensemble/--robust/--pretrained: apply to --reward-kind explicit only',
    ],
    [['--reward-kind', 'explicit', '--pretrained', 'none.onnx'], '--pretrained none.onnx: no such file'],
    [
      ['--reward-kind', 'explicit', '--beta', '5'],
      '--policy/--beta/--lr/--loss/--draws/--train-t/--score-t: apply to --reward-kind implicit only',
    ],
    [['--reward-kind', 'implicit', '--loss', 'hinge'], '--loss'],
    [['--reward-kind', 'implicit', '--beta', '-1'], "--beta: expected a positive number, got '-1'"],
    [
      ['--reward-kind', 'implicit', '--score-t', '2'],
      "--score-t: expected a fraction of the schedule in (0, 1], got '2'",
    ],
    [['--reward-kind', 'implicit', '--policy', 'nope.onnx'], '--policy nope.onnx: no such file'],
    [['--reward-kind', 'explicit', '--validation', '0.9'], "--validation: expected a fraction in [0, 0.5], got '0.9'"],
    [['--reward-kind', 'explicit', '--weight-decay', '-1'], "--weight-decay: expected a number ≥ 0, got '-1'"],
    [['--reward-kind', 'explicit', '--epochs', '3', '--max-epochs', '4'], '--epochs 3 and --max-epochs 4: give one'],
    [['--reward-kind', 'rapl', '--patience', '2'], '--patience: apply to --reward-kind explicit and implicit'],
  ])('reward train %j is a usage error', (args, message) => {
    const r = runCli(['reward', 'train', '--task', 'rope-circle', ...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
