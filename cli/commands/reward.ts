import type { Command } from 'commander';
import {
  evaluateOnStore,
  evaluateRaplOnStore,
  IMPLICIT_LOSSES,
  readPolicy,
  trainImplicitOnStore,
  type ImplicitConfigInput,
  openRewardModel,
  RaplConfigSchema,
  resolveModelSpec,
  trainExplicitOnStore,
  trainRaplOnStore,
  HELD_OUT_FRACTION,
  physicsRollouts,
  pretrainExplicitEncoder,
} from '../../reward/models/index.ts';
import { openCollectPolicy } from '../../reward/collect/index.ts';
import { defaultDbPath, openStore, type PreferenceStore } from '../../reward/store/index.ts';
import { defaultPolicyPath } from '../../policy/index.ts';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { initPhysics, TASK_IDS } from '../../sim/index.ts';
import { evaluationLines, formatProportion } from '../format-evaluation.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { formatFields, makeOutput, plural, type Output } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

const KINDS = ['explicit', 'implicit', 'rapl'] as const;

interface TrainFlags {
  task: string;
  rewardKind: string;
  ensemble: string;
  robust?: string;
  epochs?: string;
  seed: string;
  db?: string;
  json?: boolean;
  policy?: string;
  beta?: string;
  lr?: string;
  loss?: string;
  draws?: string;
  trainT?: string;
  scoreT?: string;
  validation?: string;
  patience?: string;
  weightDecay?: string;
  maxEpochs?: string;
  pretrained?: string;
}
interface PretrainFlags {
  task: string;
  out: string;
  episodes: string;
  steps: string;
  actions: string;
  seed: string;
  epochs: string;
  policy: string;
  json?: boolean;
}

/** The training-discipline overrides (issue 12 §2) shared by the explicit and implicit trainers. */
interface Discipline {
  validation?: number;
  patience?: number;
  weightDecay?: number;
  epochs?: number;
}
interface EvalFlags {
  task?: string;
  reward: string;
  db?: string;
  all?: boolean;
  json?: boolean;
}

/** `prefsim reward train|eval`: reward models from the store's labels (METHODS §4, §9). */
export function registerReward(program: Command): void {
  const reward = program.command('reward').description('train and evaluate reward models from stored preferences');
  const train = reward
    .command('train')
    .description("train a reward model on the task's labels (20 % of episodes held out) and register it")
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--reward-kind <kind>', `reward model kind: ${KINDS.join(' | ')}`)
    .option('--ensemble <m>', 'explicit: ensemble members (bootstrap)', '1')
    .option('--robust <method>', 'explicit: noise-robust training: crm')
    .option(
      '--policy <ref>',
      'implicit: the reference diffusion policy to fine-tune (file, or default = models/ manifest entry of the task)',
      'default',
    )
    .option('--beta <b>', 'implicit: DPO β (paper 100; default 10, from the sweep in quality/implicit-sweep.md)')
    .option('--lr <x>', 'implicit: learning rate (paper 1e-5; default 1e-3)')
    .option('--train-t <f>', 'implicit: DPO training draws t < f·T (paper 1; default 0.1)')
    .option('--score-t <f>', 'implicit: the reward reads t < f·T (paper and default 0.1)')
    .option(
      '--loss <form>',
      `implicit: ${IMPLICIT_LOSSES.join(' | ')} (default log-sigmoid; sigmoid is the released code's form)`,
    )
    .option('--draws <m>', 'implicit: Monte-Carlo draws M of the reward (paper and default 100)')
    .option('--epochs <n>', 'training epochs (default: the model config default); the same as --max-epochs')
    .option('--max-epochs <n>', 'explicit, implicit: most epochs; early stopping may use fewer (defaults 40 and 10)')
    .option(
      '--validation <fraction>',
      'explicit, implicit: fraction of training episodes (scene seeds) held apart for early stopping, ' +
        'in [0, 0.5]; 0 turns it off (default 0.15). rapl: fraction of triplets held out, keeping the ' +
        'epoch of lowest validation loss (the reference uses 0.2; default 0, the last epoch)',
    )
    .option(
      '--patience <n>',
      'explicit, implicit: epochs without a lower validation loss before stopping; ' +
        'the best epoch is kept (defaults 4 and 2)',
    )
    .option('--weight-decay <w>', 'explicit, implicit: AdamW weight decay (defaults 1e-4 and 0)')
    .option(
      '--pretrained <file>',
      "explicit: start every member's state–action encoder from this file of prefsim reward pretrain",
    )
    .option('--seed <n>', 'training seed', '0')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: TrainFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const kind = choiceFlag('--reward-kind', f.rewardKind, KINDS);
      const ensemble = intFlag('--ensemble', f.ensemble, 1, 16);
      const robust = f.robust === undefined ? 'none' : choiceFlag('--robust', f.robust, ['crm'] as const);
      const discipline = disciplineFlags(f, kind);
      const epochs = discipline.epochs;
      const seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      if (kind !== 'explicit' && (ensemble !== 1 || robust !== 'none' || f.pretrained !== undefined))
        throw new UsageError('--ensemble/--robust/--pretrained: apply to --reward-kind explicit only');
      if (f.pretrained !== undefined && !existsSync(f.pretrained))
        throw new UsageError(`--pretrained ${f.pretrained}: no such file (write one with prefsim reward pretrain)`);
      if (
        kind !== 'implicit' &&
        ((f.policy !== undefined && f.policy !== 'default') ||
          f.beta !== undefined ||
          f.lr !== undefined ||
          f.loss !== undefined ||
          f.draws !== undefined ||
          f.trainT !== undefined ||
          f.scoreT !== undefined)
      ) {
        throw new UsageError(
          '--policy/--beta/--lr/--loss/--draws/--train-t/--score-t: apply to --reward-kind implicit only',
        );
      }
      const implicit = kind === 'implicit' ? implicitFlags(f, task) : undefined;
      const store = openStore(f.db ?? defaultDbPath());
      try {
        const result =
          kind === 'explicit'
            ? await trainExplicitCmd(store, task, { ensemble, robust, seed, discipline, pretrained: f.pretrained }, out)
            : implicit
              ? await trainImplicitCmd(
                  store,
                  task,
                  { ...implicit, cfg: { ...implicit.cfg, seed, ...implicitDiscipline(discipline) } },
                  out,
                )
              : await trainRaplCmd(store, task, { epochs, seed, validation: discipline.validation }, out);
        out.result(result, () => {
          out.line(`registered ${result.id} (${result.path})`);
          for (const l of formatFields(result.metrics as Record<string, unknown>)) out.line(`  ${l}`);
        });
      } finally {
        store.close();
      }
    });
  reward
    .command('pretrain')
    .description(
      "pretrain the explicit reward's state–action encoder on free rollouts " +
        "(physics targets: how the object's points move; no labels, no task metric)",
    )
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--out <file>', 'where to write the pretrained encoder (give it to reward train --pretrained)')
    .option('--episodes <n>', 'rollout episodes (scene seeds --seed, --seed + 1, ...)', '32')
    .option('--steps <k>', 'states visited per episode', '4')
    .option('--actions <n>', 'policy actions applied from each state', '4')
    .option('--seed <n>', 'first scene seed; keep it apart from the seeds of any test store', '500000')
    .option('--epochs <n>', 'pretraining epochs', '30')
    .option(
      '--policy <ref>',
      "where actions come from: default (the task's trained policy), stand-in, or a policy file",
      'default',
    )
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: PretrainFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const episodes = intFlag('--episodes', f.episodes, 1, 100_000),
        steps = intFlag('--steps', f.steps, 1, 1000);
      const actions = intFlag('--actions', f.actions, 1, 256),
        seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      const epochs = intFlag('--epochs', f.epochs, 1, 100_000);
      await initPhysics();
      let policy: Awaited<ReturnType<typeof openCollectPolicy>>;
      try {
        policy = await openCollectPolicy(task, f.policy);
      } catch (e) {
        throw new UsageError(`--policy: ${(e as Error).message}`);
      }
      try {
        if (policy.note) out.log(policy.note);
        const bar = makeProgress(`rollouts ${task}`, episodes * steps);
        const data = await physicsRollouts(task, policy.policyFor, {
          episodes,
          steps,
          actionsPerState: actions,
          seed,
          onProgress: () => bar.tick(),
        });
        bar.stop();
        const r = await pretrainExplicitEncoder(
          data,
          {},
          {
            epochs,
            onProgress: (p) =>
              out.log(
                `epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}, held-out ${p.heldOutLoss?.toFixed(4) ?? '—'}`,
              ),
          },
        );
        const tmp = `${f.out}.tmp-${process.pid}`;
        writeFileSync(tmp, r.bytes);
        renameSync(tmp, f.out);
        const result = {
          file: f.out,
          task,
          policy: policy.source,
          transitions: r.transitions,
          heldOutTransitions: r.heldOutTransitions,
          firstLoss: r.losses[0],
          finalLoss: r.losses.at(-1)!,
          heldOutLossBefore: r.heldOutLosses[0] ?? null,
          heldOutLossAfter: r.heldOutLosses.at(-1) ?? null,
        };
        out.result(result, () =>
          out.line(
            `wrote ${f.out}: ${plural(r.transitions, 'transition')}, ` +
              `loss ${f3(result.firstLoss)} → ${f3(result.finalLoss)}, ` +
              `held-out ${f3(result.heldOutLossBefore)} → ${f3(result.heldOutLossAfter)} (1 = predicting the mean)`,
          ),
        );
      } finally {
        await policy.free();
      }
    });
  const evaluate = reward
    .command('eval')
    .description(
      'labelAccuracy (agreement with the stored labels, n and 95 % CI), teacherAccuracy, returnAccuracy, ECE and ' +
        'Spearman ρ',
    )
    .requiredOption('--reward <ref>', 'reward model: registry id, "latest" or a model file')
    .option('--task <id>', `task id (${TASK_IDS.join(', ')}); default: the registered model's task`)
    .option('--db <file>', 'preference store to evaluate on (default data/prefsim.db, or PREFSIM_DB)')
    .option(
      '--all',
      'evaluate on every state of --db (a test store collected apart from training), not its held-out episodes',
    )
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: EvalFlags) => {
      const out = makeOutput(!!f.json);
      // Evaluation only reads: a store the user may not write is fine.
      const store = openStore({ path: f.db ?? defaultDbPath(), readonly: true });
      try {
        const task = f.task === undefined ? taskOfModel(store, f.reward) : choiceFlag('--task', f.task, TASK_IDS);
        let spec: ReturnType<typeof resolveModelSpec>;
        try {
          spec = resolveModelSpec(store, f.reward, task);
        } catch (e) {
          throw new UsageError(`--reward: ${(e as Error).message}`);
        }
        const model = await openRewardModel(spec.path, spec.id);
        try {
          if (model.kind === 'rapl') {
            const result = {
              model: spec.id,
              kind: 'rapl',
              task,
              db: store.path,
              ...(await evaluateRaplOnStore(model, store, task, f.all ? 1 : HELD_OUT_FRACTION)),
            };
            out.result(result, () =>
              out.line(
                `Spearman ρ vs return ${result.spearman.toFixed(3)} over ${plural(result.outcomes, 'outcome')}; ` +
                  `triplet-pair accuracy ${result.tripletPairAccuracy.toFixed(3)} (n = ${result.tripletPairs})`,
              ),
            );
            return;
          }
          const ev = await evaluateOnStore(model, store, task, f.all ? { fraction: 1 } : {});
          for (const w of ev.warnings) out.log(`warning: ${w}`);
          out.result({ model: spec.id, kind: model.kind, task, db: store.path, ...ev }, () => {
            out.line(`${model.kind} reward ${spec.id} on ${store.path}`);
            for (const l of evaluationLines(ev)) out.line(l);
          });
        } finally {
          await model.free();
        }
      } finally {
        store.close();
      }
    });
  deprecatedAlias(train, '--model <kind>', '--reward-kind');
  deprecatedAlias(evaluate, '--model <ref>', '--reward');
}

/** The task of `--reward` when it is a registry id of --db; else --task is needed. */
function taskOfModel(store: PreferenceStore, spec: string): string {
  const rec = store.getModel(spec);
  if (rec) return rec.task;
  throw new UsageError(`--task: required unless --reward is a model id registered in ${store.path} (found ${spec})`);
}

/**
 * --validation, --patience, --weight-decay and --max-epochs (or --epochs): explicit and implicit
 * only; RAPL trains a fixed number of epochs, so only --epochs applies to it.
 */
function disciplineFlags(f: TrainFlags, kind: (typeof KINDS)[number]): Discipline {
  if (f.epochs !== undefined && f.maxEpochs !== undefined && f.epochs !== f.maxEpochs) {
    throw new UsageError(`--epochs ${f.epochs} and --max-epochs ${f.maxEpochs}: give one (they are the same setting)`);
  }
  const given = [
    ['--patience', f.patience],
    ['--weight-decay', f.weightDecay],
    ['--max-epochs', f.maxEpochs],
  ] as const;
  if (kind === 'rapl') {
    const bad = given.filter(([, v]) => v !== undefined).map(([k]) => k);
    if (bad.length)
      throw new UsageError(
        `${bad.join('/')}: apply to --reward-kind explicit and implicit ` +
          '(RAPL trains every one of --epochs epochs; --validation picks the epoch it keeps)',
      );
  }
  const out: Discipline = {};
  const ep = f.maxEpochs ?? f.epochs;
  if (ep !== undefined) out.epochs = intFlag(f.maxEpochs !== undefined ? '--max-epochs' : '--epochs', ep, 1, 100_000);
  if (f.patience !== undefined) out.patience = intFlag('--patience', f.patience, 1, 100_000);
  if (f.validation !== undefined) {
    const v = Number(f.validation);
    if (!Number.isFinite(v) || v < 0 || v > 0.5)
      throw new UsageError(`--validation: expected a fraction in [0, 0.5], got '${f.validation}'`);
    out.validation = v;
  }
  if (f.weightDecay !== undefined) {
    const w = Number(f.weightDecay);
    if (!Number.isFinite(w) || w < 0)
      throw new UsageError(`--weight-decay: expected a number ≥ 0, got '${f.weightDecay}'`);
    out.weightDecay = w;
  }
  return out;
}

/** The discipline in the implicit config's field names (its validation fraction is `valFraction`). */
function implicitDiscipline(d: Discipline): Partial<ImplicitConfigInput> {
  const { validation, ...rest } = d;
  return { ...rest, ...(validation !== undefined ? { valFraction: validation } : {}) };
}

async function trainExplicitCmd(
  store: PreferenceStore,
  task: string,
  o: { ensemble: number; robust: 'none' | 'crm'; seed: number; discipline: Discipline; pretrained?: string },
  out: Output,
) {
  const cfg = { ensemble: o.ensemble, robust: o.robust, seed: o.seed, ...o.discipline };
  const bar = makeProgress(
    `train explicit ${task}`,
    (o.discipline.epochs ?? 40) * (o.robust === 'crm' ? 1 : o.ensemble),
  );
  try {
    let trained: Awaited<ReturnType<typeof trainExplicitOnStore>>;
    try {
      trained = await trainExplicitOnStore(store, task, cfg, {
        pretrained: o.pretrained,
        onProgress: (p) => bar.tick(`loss ${p.loss.toFixed(4)}`),
      });
    } catch (e) {
      if (o.pretrained && /pretrained encoder/.test((e as Error).message))
        throw new UsageError(`--pretrained: ${(e as Error).message}`);
      throw e;
    }
    const { id, path, metrics, warnings } = trained;
    bar.stop();
    logHeldOut(out, metrics, warnings);
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
      throw new UsageError(
        `--policy default: ${(e as Error).message}; give --policy FILE (train one with prefsim policy train)`,
      );
    }
  } else {
    if (!existsSync(f.policy))
      throw new UsageError(
        `--policy ${f.policy}: no such file (expected a policy checkpoint from prefsim policy train, or default)`,
      );
    policy = f.policy;
  }
  const num = (flag: string, v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new UsageError(`${flag}: expected a positive number, got '${v}'`);
    return x;
  };
  const fraction = (flag: string, v: string) => {
    const x = num(flag, v);
    if (x > 1) throw new UsageError(`${flag}: expected a fraction of the schedule in (0, 1], got '${v}'`);
    return x;
  };
  return {
    policy,
    cfg: {
      ...(f.beta !== undefined ? { beta: num('--beta', f.beta) } : {}),
      ...(f.lr !== undefined ? { lr: num('--lr', f.lr) } : {}),
      ...(f.loss !== undefined ? { loss: choiceFlag('--loss', f.loss, IMPLICIT_LOSSES) } : {}),
      ...(f.draws !== undefined ? { draws: intFlag('--draws', f.draws, 1, 10_000) } : {}),
      ...(f.trainT !== undefined ? { trainTFraction: fraction('--train-t', f.trainT) } : {}),
      ...(f.scoreT !== undefined ? { tFraction: fraction('--score-t', f.scoreT) } : {}),
    },
  };
}

async function trainImplicitCmd(
  store: PreferenceStore,
  task: string,
  o: { policy: string; cfg: ImplicitConfigInput },
  out: Output,
) {
  const policyTask = readPolicy(o.policy).arch.task;
  if (policyTask !== task) throw new UsageError(`--policy ${o.policy}: trained on task ${policyTask}, not ${task}`);
  out.log(`implicit: fine-tuning ${o.policy}`);
  const bar = makeProgress(`train implicit ${task}`, o.cfg.epochs ?? 10);
  const { id, path, metrics, warnings } = await trainImplicitOnStore(store, task, o.policy, o.cfg, {
    onProgress: (p) => bar.tick(`loss ${p.loss.toFixed(4)} agree ${p.agree.toFixed(2)}`),
  });
  bar.stop();
  logHeldOut(out, metrics, warnings);
  return { id, path, kind: 'implicit', task, metrics: { ...metrics, policy: o.policy } };
}

/** The registered held-out figures as log lines: labelAccuracy with n and 95 % CI first, then the warnings. */
function logHeldOut(out: Output, m: Record<string, number | null>, warnings: string[]): void {
  const prop = (k: string, nKey: string) =>
    m[k] === null || m[nKey] === null
      ? null
      : { value: m[k]!, n: m[nKey]!, ci95: [m[`${k}Lo`] ?? NaN, m[`${k}Hi`] ?? NaN] as [number, number] };
  const f3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));
  out.log(
    `held-out labelAccuracy ${formatProportion(prop('labelAccuracy', 'labelPairs'))}; teacherAccuracy ` +
      `${formatProportion(prop('teacherAccuracy', 'teacherPairs'))}; ` +
      `returnAccuracy (diagnostic) ${formatProportion(prop('returnAccuracy', 'returnPairs'))}; ECE ${f3(m.ece)}` +
      `; train labelAccuracy ${f3(m.trainLabelAccuracy)}`,
  );
  for (const w of warnings) out.log(`warning: ${w}`);
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

async function trainRaplCmd(
  store: PreferenceStore,
  task: string,
  o: { epochs?: number; seed: number; validation?: number },
  out: Output,
) {
  const cfg = RaplConfigSchema.parse({
    seed: o.seed,
    ...(o.epochs ? { epochs: o.epochs } : {}),
    ...(o.validation !== undefined ? { validation: o.validation } : {}),
  });
  const bar = makeProgress(`train rapl ${task}`, cfg.epochs);
  try {
    const { id, path, metrics, warnings } = await trainRaplOnStore(store, task, cfg, {
      onProgress: (p) =>
        bar.tick(
          `loss ${p.loss.toFixed(4)}` +
            (Number.isFinite(p.validationLoss) ? `, validation ${p.validationLoss.toFixed(4)}` : ''),
        ),
    });
    const fmt = (v: number | null | undefined) => (v == null ? 'n/a' : v.toFixed(3));
    bar.stop();
    out.log(
      `held-out Spearman ${fmt(metrics.spearman)} over ${metrics.heldOutOutcomes ?? 0} outcomes, triplet-pair ` +
        `labelAccuracy ${fmt(metrics.labelAccuracy)} on ${metrics.labelPairs ?? 0} pairs`,
    );
    for (const w of warnings) out.log(`warning: ${w}`);
    return { id, path, kind: 'rapl', task, metrics };
  } finally {
    bar.stop();
  }
}
