import type { Command } from 'commander';
import { makeRng } from '../../core/rng.ts';
import { candidateDiversity, meanPairwiseActionDistance } from '../../sim/metrics/index.ts';
import { getTask, initPhysics, Scene, TASK_IDS } from '../../sim/index.ts';
import { DEMO_SEED_LIMITS } from '../../core/seeds.ts';
import { DEMO_CACHE_DIR, defaultPolicyPath, loadOrCollectDemos, openPolicy, trainPolicy } from '../../policy/index.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { makeOutput, plural } from '../output.ts';
import { registerPolicyRaft } from './policy-raft.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface TrainFlags {
  task: string;
  demos: string;
  epochs: string;
  out: string;
  seed: string;
  alternatives: string;
  points: string;
  batch: string;
  lr?: string;
  slim?: boolean;
  resume?: string;
  episodeSteps?: string;
  local?: string;
  localKind: string;
  demoCache: string;
  json?: boolean;
}
interface SampleFlags {
  task: string;
  seed: string;
  candidates: string;
  policy?: string;
  sampler: string;
  ddimSteps: string;
  eta: string;
  json?: boolean;
  guidance?: string;
}

function numFlag(name: string, value: string, min: number, max: number): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new UsageError(`${name}: expected a number in [${min}, ${max}], got "${value}"`);
  return v;
}

/** `--local`: "none" or comma-separated positive widths. */
function localWidths(value: string): number[] {
  if (value === 'none') return [];
  const widths = value.split(',').map((w) => Number(w.trim()));
  if (!widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 4096))
    throw new UsageError(`--local: expected "none" or widths like 64,64 (integers 1…4096), got "${value}"`);
  return widths;
}

/** `prefsim policy train|sample`: the diffusion policy from the command line (METHODS.md §2). */
export function registerPolicy(program: Command): void {
  const policy = program
    .command('policy')
    .description(
      'train a diffusion policy on expert demos, sample candidate actions, or fine-tune it on a reward (raft)',
    );
  registerPolicyRaft(policy);

  policy
    .command('train')
    .description('collect (or reuse cached) expert demonstrations and train a diffusion policy')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--demos <n>', 'demonstration states to collect (each with k expert alternatives)')
    .requiredOption('--epochs <n>', 'passes over the demo states (total, when resuming)')
    .requiredOption('--out <file>', 'checkpoint to write (ONNX)')
    .option(
      '--seed <n>',
      `seed of demos, weights, batches and noise, 0…${DEMO_SEED_LIMITS.seed} ` +
        '(so demo scenes stay apart from evaluation and loop seeds)',
      '0',
    )
    .option('--alternatives <k>', 'expert alternatives per state (paper up to 10)', '4')
    .option('--points <p>', 'points per observation', '256')
    .option('--batch <b>', 'states per optimiser step', '64')
    .option('--lr <x>', 'AdamW learning rate (default 1e-3)')
    .option('--episode-steps <k>', 'actions per demo episode at most (default: the task step limit)')
    .option(
      '--local <widths>',
      'per-point MLP widths of the local code, the offsets of every point from the action (e.g. 64 or 64,32); ' +
        '"none" = the denoiser sees only the global code (default 64)',
    )
    .option(
      '--local-kind <kind>',
      "offsets: a per-point MLP on each point's offsets from the action, max-pooled; attention: the action " +
        'points attend to per-point features with weights softmax(−β·d²)',
      'offsets',
    )
    .option('--slim', 'leave the optimiser state out of the output (3× smaller; cannot be resumed)')
    .option('--resume <file>', 'continue training from this checkpoint')
    .option('--demo-cache <dir>', 'where collected demos are cached', DEMO_CACHE_DIR)
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: TrainFlags) => {
      const out = makeOutput(!!f.json);
      const task = getTask(choiceFlag('--task', f.task, TASK_IDS));
      const states = intFlag('--demos', f.demos, 1, 1_000_000);
      const epochs = intFlag('--epochs', f.epochs, 1, 1_000_000);
      const seed = intFlag('--seed', f.seed, 0, DEMO_SEED_LIMITS.seed);
      const alternatives = intFlag('--alternatives', f.alternatives, 1, 64);
      const points = intFlag('--points', f.points, 8, 100_000);
      const batchSize = intFlag('--batch', f.batch, 1, 100_000);
      const lr = f.lr === undefined ? undefined : numFlag('--lr', f.lr, 1e-8, 1);
      const episodeSteps =
        f.episodeSteps === undefined ? undefined : intFlag('--episode-steps', f.episodeSteps, 1, 1000);
      const localSizes = f.local === undefined ? undefined : localWidths(f.local);
      const localKind = choiceFlag('--local-kind', f.localKind, ['offsets', 'attention'] as const);
      const t0 = performance.now();
      await initPhysics();
      const collectBar = makeProgress(`demos ${task.id}`, states);
      const { demos, cached, path } = await loadOrCollectDemos(
        task,
        { states, alternatives, points, seed, episodeSteps, onProgress: () => collectBar.tick() },
        f.demoCache,
      );
      collectBar.stop();
      out.log(
        `${cached ? 'reused' : 'collected'} ${demos.states} demo states × ${demos.alternatives} alternatives (${path})`,
      );
      const bar = makeProgress(`train ${task.id}`, epochs);
      const r = await trainPolicy(demos, {
        out: f.out,
        saveEvery: 50,
        slim: !!f.slim,
        resume: f.resume,
        network: { localKind, ...(localSizes ? { localSizes } : {}) },
        train: { seed, epochs, batchSize, ...(lr !== undefined ? { lr } : {}) },
        onEpoch: (p) => bar.tick(`loss ${p.loss.toFixed(4)}`),
      });
      bar.stop();
      const result = {
        task: task.id,
        out: f.out,
        seed,
        demos: {
          states: demos.states,
          alternatives: demos.alternatives,
          points: demos.points,
          episodes: demos.info.episodes,
          expertVersion: demos.info.expertVersion,
          expertFailures: demos.info.expertFailures ?? 0,
          cached,
          path,
        },
        epochs: r.epochs,
        startEpoch: r.startEpoch,
        steps: r.steps,
        finalLoss: r.finalLoss,
        firstEpochLoss: r.epochLosses[0] ?? null,
        rotate: r.architecture.rotate,
        localSizes: r.architecture.network.localSizes,
        localKind: r.architecture.network.localKind,
        seconds: (performance.now() - t0) / 1000,
      };
      out.result(result, () =>
        out.line(
          `trained ${task.id}: ${plural(r.epochs, 'epoch')}, ${plural(r.steps, 'step')}, ` +
            `loss ${r.finalLoss.toFixed(4)} → ${f.out}`,
        ),
      );
    });

  const sample = policy
    .command('sample')
    .description('sample N candidate actions for a task state and run each from the same snapshot')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .option('--seed <n>', 'seed of the initial state and the sampling noise', '0')
    .option('-n, --candidates <n>', 'candidates N', '8')
    .option('--policy <ref>', 'prefsim checkpoint or external ONNX noise network (default: models/ for the task)')
    .option('--sampler <kind>', 'ddim | ddpm', 'ddim')
    .option('--ddim-steps <k>', 'DDIM steps', '10')
    .option('--eta <x>', 'DDIM η (0 deterministic, 1 stochastic)', '1')
    .option(
      '--guidance <w>',
      'with an implicit reward file as --policy: RLG guidance ε = ε_ref + w (ε_θ − ε_ref); 0 = the reference ' +
        'policy, 1 = the DPO-fine-tuned one (default 1)',
    )
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: SampleFlags) => {
      const out = makeOutput(!!f.json);
      const task = getTask(choiceFlag('--task', f.task, TASK_IDS));
      const seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      const n = intFlag('--candidates', f.candidates, 1, 4096);
      const sampler = {
        kind: choiceFlag('--sampler', f.sampler, ['ddim', 'ddpm'] as const),
        steps: intFlag('--ddim-steps', f.ddimSteps, 1, 100),
        eta: numFlag('--eta', f.eta, 0, 1),
      };
      const file = f.policy ?? defaultPolicyPath(task.id);
      await initPhysics();
      const guidance = f.guidance === undefined ? undefined : numFlag('--guidance', f.guidance, -100, 100);
      const policy = await openPolicy(file, task.id, { sampler, ...(guidance === undefined ? {} : { guidance }) });
      const scene = Scene.create(task, seed);
      const bar = makeProgress(`${task.id} candidates`, n);
      try {
        const rng = makeRng(seed);
        const obs = scene.observe(policy.obsPoints, rng.fork());
        const start = scene.metrics();
        const t0 = performance.now();
        const actions = await policy.sample(obs, n, rng.fork());
        const ms = performance.now() - t0;
        const snap = scene.snapshot();
        const candidates = actions.map((a, i) => {
          if (i > 0) scene.restore(snap);
          const r = scene.apply(a);
          bar.tick();
          out.line(`candidate ${String(i).padStart(2)}  ${fmtAction(a.p0)} → ${fmtAction(a.p1)}  ${fmt(r.metrics)}`);
          return { action: a, worldAction: scene.toWorld(a), metrics: r.metrics, reward: scene.reward(r.metrics) };
        });
        bar.stop();
        const diversity = candidateDiversity(actions, makeRng(seed));
        out.result(
          {
            task: task.id,
            seed,
            n,
            policy: file,
            sampler,
            ...(guidance === undefined ? {} : { guidance }),
            sampleMs: ms,
            start,
            candidates: candidates.map((c) => ({ action: c.action, metrics: c.metrics, reward: c.reward })),
            diversity,
            meanPairwiseDistance: meanPairwiseActionDistance(actions),
          },
          () => out.line(`start ${fmt(start)}  sampled in ${ms.toFixed(1)} ms  diversity ${diversity.toFixed(3)}`),
        );
      } finally {
        bar.stop();
        scene.free();
        await policy.free();
      }
    });
  deprecatedAlias(sample, '--n <n>', '--candidates');
  deprecatedAlias(sample, '--steps <k>', '--ddim-steps');
}

function fmtAction(p: readonly number[]): string {
  return `(${p.map((v) => v.toFixed(2)).join(', ')})`;
}

function fmt(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join('  ');
}
