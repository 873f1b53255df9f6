import type { Command } from 'commander';
import {
  evaluateOnStore, expertDemosFromStore, IMPLICIT_LOSSES, isHeldOut, readPolicy, trainImplicitOnStore, type ImplicitConfigInput, openRewardModel, RaplConfigSchema,
  resolveModelSpec, saveAndRegister, spearman, storedTrajectory, trainExplicitOnStore, trainRapl, tripletsFromStore, type RaplRewardModel,
} from '../../reward/models/index.ts';
import { defaultDbPath, openStore, type PreferenceStore } from '../../reward/store/index.ts';
import { defaultPolicyPath } from '../../policy/index.ts';
import { existsSync } from 'node:fs';
import { getTask, initPhysics, TASK_IDS } from '../../sim/index.ts';
import { formatFields, makeOutput, type Output } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

const KINDS = ['explicit', 'implicit', 'rapl'] as const;
const HELD_OUT = 0.2;

interface TrainFlags {
  task: string; model: string; ensemble: string; robust?: string; epochs?: string; seed: string; db?: string; json?: boolean;
  policy?: string; beta?: string; lr?: string; loss?: string; draws?: string;
}
interface EvalFlags { task: string; model: string; db?: string; json?: boolean }

/** `prefsim reward train|eval`: reward models from the store's labels (METHODS §4, §9). */
export function registerReward(program: Command): void {
  const reward = program.command('reward').description('train and evaluate reward models from stored preferences');
  reward
    .command('train')
    .description('train a reward model on the task\'s labels (20 % of states held out) and register it')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--model <kind>', `reward model kind: ${KINDS.join(' | ')}`)
    .option('--ensemble <m>', 'explicit: ensemble members (bootstrap)', '1')
    .option('--robust <method>', 'explicit: noise-robust training: crm')
    .option('--policy <file>', 'implicit: the reference diffusion policy to fine-tune (file, or default = models/ manifest entry of the task)', 'default')
    .option('--beta <b>', 'implicit: DPO β (paper and default 100)')
    .option('--lr <rate>', 'implicit: learning rate (paper 1e-5; CPU default 1e-4)')
    .option('--loss <form>', `implicit: ${IMPLICIT_LOSSES.join(' | ')} (default log-sigmoid; sigmoid is the released code's form)`)
    .option('--draws <m>', 'implicit: Monte-Carlo draws M of the reward (paper and default 100)')
    .option('--epochs <n>', 'training epochs (default: the model config default)')
    .option('--seed <n>', 'training seed', '0')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: TrainFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const kind = choiceFlag('--model', f.model, KINDS);
      const ensemble = intFlag('--ensemble', f.ensemble, 1, 16);
      const robust = f.robust === undefined ? 'none' : choiceFlag('--robust', f.robust, ['crm'] as const);
      const epochs = f.epochs === undefined ? undefined : intFlag('--epochs', f.epochs, 1, 100_000);
      const seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      if (kind !== 'explicit' && (ensemble !== 1 || robust !== 'none')) throw new UsageError('--ensemble/--robust: apply to --model explicit only');
      if (kind !== 'implicit' && ((f.policy !== undefined && f.policy !== 'default') || f.beta !== undefined || f.lr !== undefined || f.loss !== undefined || f.draws !== undefined)) {
        throw new UsageError('--policy/--beta/--lr/--loss/--draws: apply to --model implicit only');
      }
      const implicit = kind === 'implicit' ? implicitFlags(f, task) : undefined;
      const store = openStore(f.db ?? defaultDbPath());
      try {
        const result = kind === 'explicit'
          ? await trainExplicitCmd(store, task, { ensemble, robust, epochs, seed }, out, !!f.json)
          : implicit
            ? await trainImplicitCmd(store, task, { ...implicit, cfg: { ...implicit.cfg, seed, ...(epochs ? { epochs } : {}) } }, out, !!f.json)
            : await trainRaplCmd(store, task, { epochs, seed }, out, !!f.json);
        out.result(result, () => {
          out.line(`registered ${result.id} (${result.path})`);
          for (const l of formatFields(result.metrics as Record<string, unknown>)) out.line(`  ${l}`);
        });
      } finally {
        store.close();
      }
    });
  reward
    .command('eval')
    .description('held-out accuracy on clean labels, ECE and Spearman ρ against the true task reward')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--model <id>', 'registry id, latest, or a model file')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: EvalFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const store = openStore(f.db ?? defaultDbPath());
      try {
        let spec;
        try {
          spec = resolveModelSpec(store, f.model, task);
        } catch (e) {
          throw new UsageError(`--model: ${(e as Error).message}`);
        }
        const model = await openRewardModel(spec.path, spec.id);
        try {
          const result = model.kind === 'rapl'
            ? { model: spec.id, kind: 'rapl', task, ...(await evalRapl(model, store, task)) }
            : { model: spec.id, kind: model.kind, task, ...(await evaluateOnStore(model, store, task, HELD_OUT)) };
          out.result(result, () => { for (const l of formatFields(result)) out.line(l); });
        } finally {
          await model.free();
        }
      } finally {
        store.close();
      }
    });
}

async function trainExplicitCmd(
  store: PreferenceStore, task: string, o: { ensemble: number; robust: 'none' | 'crm'; epochs?: number; seed: number }, out: Output, quiet: boolean,
) {
  const cfg = { ensemble: o.ensemble, robust: o.robust, seed: o.seed, ...(o.epochs ? { epochs: o.epochs } : {}) };
  const bar = makeProgress(`train explicit ${task}`, (o.epochs ?? 40) * (o.robust === 'crm' ? 1 : o.ensemble), quiet);
  try {
    const { id, path, metrics } = await trainExplicitOnStore(store, task, cfg, { heldOut: HELD_OUT, onProgress: (p) => bar.tick(`loss ${p.loss.toFixed(4)}`) });
    bar.stop();
    const f3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));
    out.log(`held-out accuracy ${f3(metrics.heldOutAccuracy)} on ${metrics.heldOutPairs} pairs, ECE ${f3(metrics.ece)}, Spearman ${f3(metrics.spearman)}`);
    return { id, path, kind: 'explicit', task, metrics };
  } finally {
    bar.stop();
  }
}

/** Parses the implicit-only flags: the reference policy file and the config overrides. */
function implicitFlags(f: TrainFlags, task: string): { policy: string; cfg: ImplicitConfigInput } {
  let policy: string;
  if (f.policy === undefined || f.policy === 'default') {
    try {
      policy = defaultPolicyPath(task);
    } catch (e) {
      throw new UsageError(`--policy default: ${(e as Error).message}; give --policy FILE (train one with prefsim policy train)`);
    }
  } else {
    if (!existsSync(f.policy)) throw new UsageError(`--policy ${f.policy}: no such file (expected a policy checkpoint from prefsim policy train, or default)`);
    policy = f.policy;
  }
  const num = (flag: string, v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new UsageError(`${flag}: expected a positive number, got '${v}'`);
    return x;
  };
  return {
    policy,
    cfg: {
      ...(f.beta !== undefined ? { beta: num('--beta', f.beta) } : {}),
      ...(f.lr !== undefined ? { lr: num('--lr', f.lr) } : {}),
      ...(f.loss !== undefined ? { loss: choiceFlag('--loss', f.loss, IMPLICIT_LOSSES) } : {}),
      ...(f.draws !== undefined ? { draws: intFlag('--draws', f.draws, 1, 10_000) } : {}),
    },
  };
}

async function trainImplicitCmd(store: PreferenceStore, task: string, o: { policy: string; cfg: ImplicitConfigInput }, out: Output, quiet: boolean) {
  const policyTask = readPolicy(o.policy).arch.task;
  if (policyTask !== task) throw new UsageError(`--policy ${o.policy}: trained on task ${policyTask}, not ${task}`);
  out.log(`implicit: fine-tuning ${o.policy}`);
  const bar = makeProgress(`train implicit ${task}`, o.cfg.epochs ?? 10, quiet);
  const { id, path, metrics } = await trainImplicitOnStore(store, task, o.policy, o.cfg, {
    heldOut: HELD_OUT, onProgress: (p) => bar.tick(`loss ${p.loss.toFixed(4)} agree ${p.agree.toFixed(2)}`),
  });
  bar.stop();
  out.log(`held-out accuracy ${fmt(metrics.heldOutAccuracy)} on ${metrics.heldOutPairs ?? 0} pairs, ECE ${fmt(metrics.ece)}, Spearman ${fmt(metrics.spearman)}`);
  return { id, path, kind: 'implicit', task, metrics: { ...metrics, policy: o.policy } };
}

/** A metric for a log line: 3 decimals, or n/a when undefined. */
function fmt(v: number | null | undefined): string {
  return v == null ? 'n/a' : v.toFixed(3);
}

async function trainRaplCmd(store: PreferenceStore, task: string, o: { epochs?: number; seed: number }, out: Output, quiet: boolean) {
  const cfg = RaplConfigSchema.parse({ seed: o.seed, ...(o.epochs ? { epochs: o.epochs } : {}) });
  const triplets = tripletsFromStore(store, task, cfg, (t) => !isHeldOut(t.stateId, HELD_OUT));
  if (triplets.length === 0) throw new Error(`reward train: no triplet labels for task ${task} in ${store.path} (collect with --teacher triplet or keep-out:kind=triplet)`);
  await initPhysics();
  const demos = expertDemosFromStore(store, task, 6, cfg.rewardFrames, cfg);
  const bar = makeProgress(`train rapl ${task}`, cfg.epochs, quiet);
  const { model, tripletsPerSecond } = await trainRapl(triplets, cfg, { demos, onProgress: (p) => bar.tick(`loss ${p.loss.toFixed(4)}`) });
  bar.stop();
  try {
    const ev = await evalRapl(model, store, task);
    out.log(`held-out Spearman ${ev.spearman.toFixed(3)} over ${ev.outcomes} outcomes`);
    const metrics = { trainTriplets: triplets.length, tripletsPerSecond, spearman: Number.isFinite(ev.spearman) ? ev.spearman : null };
    const { id, path } = saveAndRegister(store, model, task, 'rapl', metrics);
    return { id, path, kind: 'rapl', task, metrics };
  } finally {
    await model.free();
  }
}

/** Spearman ρ between RAPL's total OT reward and the true return over held-out recorded outcomes. */
async function evalRapl(model: RaplRewardModel, store: PreferenceStore, task: string): Promise<{ spearman: number; outcomes: number }> {
  const scale = getTask(task).obsScale;
  const r: number[] = [], ret: number[] = [];
  for (const q of store.queriesFor(task)) {
    if (!isHeldOut(q.stateId, HELD_OUT)) continue;
    for (const o of store.outcomesFor(q.id)) {
      if (o.framesRef === null || o.return === null) continue;
      const { traj } = storedTrajectory(store, q.id, o.candidate, model.config.rewardFrames, model.config, scale, q.id * 10 + o.candidate);
      r.push((await model.rewardOf(traj)).total);
      ret.push(o.return);
    }
  }
  return { spearman: r.length > 2 ? spearman(r, ret) : NaN, outcomes: r.length };
}
