import type { Command } from 'commander';
import { defaultDbPath, openStore, SELECTOR_NAMES } from '../../reward/index.ts';
import { TASK_IDS } from '../../sim/index.ts';
import {
  LOOP_IMPROVERS,
  LOOP_MODELS,
  LoopConfigSchema,
  runLoop,
  type LoopProgress,
} from '../../pipeline/loop/index.ts';
import { formatZodError } from '../../sim/validation/index.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface LoopFlags {
  task: string;
  teacher: string;
  rounds: string;
  queriesPerRound: string;
  selector: string;
  rewardKind: string;
  ensemble: string;
  epochs?: string;
  policy: string;
  demos: string;
  evalSeeds: string;
  evalSteps?: string;
  seed: string;
  db?: string;
  json?: boolean;
  reuseLabels?: boolean;
  warmStart: boolean;
  workers?: string;
  horizon: string;
  improve?: string;
  raftStates?: string;
  raftCandidates?: string;
  raftKeep?: string;
  raftEpochs?: string;
  raftDemoStates?: string;
}

/** `prefsim loop`: the whole pipeline headless, with a synthetic teacher; resumable. */
export function registerLoop(program: Command): void {
  const loop = program
    .command('loop')
    .description(
      'run the preference-learning pipeline headless: policy, then rounds of collect → train reward → evaluate ' +
        'RAS (resumes a killed run)',
    )
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .option(
      '--teacher <spec>',
      'synthetic teacher: oracle, stoch, mistake, skip, equal, myopic, keep-out, ... or a module path',
      'oracle',
    )
    .option(
      '--horizon <k>',
      'the teacher values each outcome by the return after k further expert steps from it (0: one step)',
      '0',
    )
    .option('--rounds <r>', 'rounds', '3')
    .option('--queries-per-round <q>', 'preference queries per round', '50')
    .option('--selector <name>', `query selector (${SELECTOR_NAMES.join(', ')})`, 'uniform')
    .option(
      '--reward-kind <kind>',
      `reward model trained each round: ${LOOP_MODELS.join(' or ')} (implicit fine-tunes the candidate policy by ` +
        `Diffusion-DPO; it needs --selector uniform)`,
      'explicit',
    )
    .option('--ensemble <m>', 'reward ensemble members', '3')
    .option(
      '--epochs <n>',
      'maximum reward training epochs per round (default: the model default; early stopping on validation loss ' +
        'usually uses fewer)',
    )
    .option('--no-warm-start', "train each round's explicit reward from scratch instead of from the previous round's")
    .option(
      '--reuse-labels',
      "also train on labels of the task that other runs left in the store (by default only this run's labels)",
    )
    .option(
      '--workers <n>',
      'worker threads for collection, ensemble members and the RAS evaluation (default: every core; with more ' +
        'than one, all members train at once, up to two per thread). Only the wall-clock changes with it: each ' +
        'episode, member and evaluation seed runs on one thread with one ORT thread, so results are bit-identical ' +
        'for any count',
    )
    .option(
      '--improve <step>',
      `after each reward update, improve the policy (${LOOP_IMPROVERS.join(', ')}: fine-tune it on the reward's ` +
        `top-k candidates mixed with its demos); later rounds and the evaluation use it, and each round also ` +
        `reports SL of the fine-tuned policy`,
    )
    .option('--raft-states <m>', 'with --improve raft: states sampled per round (default 48)')
    .option('--raft-candidates <n>', 'with --improve raft: candidates per state (default 16)')
    .option('--raft-keep <k>', 'with --improve raft: top candidates kept per state (default 2)')
    .option('--raft-epochs <e>', 'with --improve raft: fine-tuning epochs per round (default 40)')
    .option(
      '--raft-demo-states <s>',
      "with --improve raft: mix in only the first S of the base policy's demo states (default all)",
    )
    .option(
      '--policy <ref>',
      'candidate policy: default (models/), train (on expert demos), or a policy file',
      'default',
    )
    .option('--demos <n>', 'with --policy train: expert demo states', '100')
    .option('--eval-seeds <n>', 'evaluation seeds per round', '5')
    .option('--eval-steps <k>', 'action limit of evaluation episodes (default: the task limit)')
    .option('--seed <n>', 'seed of the run', '0')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the summary as one JSON object on the last line')
    .action(async (f: LoopFlags) => {
      const out = makeOutput(!!f.json);
      const parsed = LoopConfigSchema.safeParse({
        task: choiceFlag('--task', f.task, TASK_IDS),
        teacher: f.teacher,
        horizon: intFlag('--horizon', f.horizon, 0, 50) || undefined,
        rounds: intFlag('--rounds', f.rounds, 1, 1000),
        queriesPerRound: intFlag('--queries-per-round', f.queriesPerRound, 1, 100_000),
        selector: choiceFlag('--selector', f.selector, SELECTOR_NAMES),
        model: choiceFlag('--reward-kind', f.rewardKind, LOOP_MODELS),
        ensemble: intFlag('--ensemble', f.ensemble, 1, 16),
        epochs: f.epochs === undefined ? undefined : intFlag('--epochs', f.epochs, 1, 100_000),
        policy: f.policy,
        demos: intFlag('--demos', f.demos, 1, 100_000),
        evalSeeds: intFlag('--eval-seeds', f.evalSeeds, 1, 10_000),
        evalSteps: f.evalSteps === undefined ? undefined : intFlag('--eval-steps', f.evalSteps, 1, 1000),
        seed: intFlag('--seed', f.seed, 0, 2 ** 31 - 1),
        reuseLabels: !!f.reuseLabels,
        warmStart: f.warmStart,
        ...(f.improve === undefined ? {} : { improve: choiceFlag('--improve', f.improve, LOOP_IMPROVERS) }),
        ...raftFlags(f),
      });
      const threads = f.workers === undefined ? undefined : intFlag('--workers', f.workers, 1, 64);
      if (!parsed.success) throw new UsageError(formatZodError(parsed.error));
      const store = openStore(f.db ?? defaultDbPath());
      let bar: ReturnType<typeof makeProgress> | null = null;
      let barKey = '';
      const onProgress = (p: LoopProgress) => {
        const key = `${p.phase}:${p.round}:${p.total}`;
        if (key !== barKey) {
          bar?.stop();
          barKey = key;
          bar = makeProgress(`round ${p.round} ${p.phase}`, p.total);
        }
        bar!.tick(p.info);
      };
      try {
        const r = await runLoop(store, parsed.data, { onProgress, threads });
        (bar as ReturnType<typeof makeProgress> | null)?.stop();
        out.result(r, () => {
          out.line(`${r.resumed ? 'resumed' : 'ran'} ${r.runKey}; SL baseline final ${r.slFinal.toFixed(3)}`);
          for (const s of r.rounds) {
            const acc = s.labelAccuracy === null ? '—' : `${s.labelAccuracy.toFixed(3)} (n = ${s.labelPairs ?? '?'})`;
            const ece = s.ece === null ? '—' : s.ece.toFixed(3);
            const ep = s.epochsUsed === null ? '' : `, ${s.epochsUsed.toFixed(1)} epochs`;
            out.line(
              `  round ${s.round}: ${plural(s.labels, 'label')}${ep}, held-out labelAccuracy ${acc}, ` +
                `ECE ${ece}, RAS final ` +
                `${s.rasFinal.toFixed(3)} (success ${(100 * s.rasSuccess).toFixed(0)} %)`,
            );
            if (s.improve)
              out.line(
                `    raft: SL of the fine-tuned policy ${s.improve.slFinal.toFixed(3)} (base SL ` +
                  `${r.slFinal.toFixed(3)}) → ${s.improve.policyPath}`,
              );
          }
        });
      } finally {
        (bar as ReturnType<typeof makeProgress> | null)?.stop();
        store.close();
      }
    });
  deprecatedAlias(loop, '--model <kind>', '--reward-kind');
  deprecatedAlias(loop, '--threads <n>', '--workers');
}

/** The --raft-* flags as the loop config's `raft` object (absent when none is given, so run keys stay put). */
function raftFlags(f: LoopFlags): { raft?: Record<string, number> } {
  const raft: Record<string, number> = {};
  if (f.raftStates !== undefined) raft.states = intFlag('--raft-states', f.raftStates, 1, 100_000);
  if (f.raftCandidates !== undefined) raft.candidates = intFlag('--raft-candidates', f.raftCandidates, 2, 1024);
  if (f.raftKeep !== undefined) raft.keep = intFlag('--raft-keep', f.raftKeep, 1, 1023);
  if (f.raftEpochs !== undefined) raft.epochs = intFlag('--raft-epochs', f.raftEpochs, 1, 100_000);
  if (f.raftDemoStates !== undefined) raft.demoStates = intFlag('--raft-demo-states', f.raftDemoStates, 1, 1_000_000);
  if (Object.keys(raft).length > 0 && f.improve === undefined)
    throw new UsageError('--raft-*: only with --improve raft');
  return Object.keys(raft).length ? { raft } : {};
}
