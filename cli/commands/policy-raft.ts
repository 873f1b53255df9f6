import type { Command } from 'commander';
import { loadCheckpoint } from '../../nn/index.ts';
import { DEMO_CACHE_DIR, defaultPolicyPath, parseArchitecture, RaftConfigSchema } from '../../policy/index.ts';
import { ORACLE_REWARD, raftImprove } from '../../pipeline/loop/index.ts';
import { defaultDbPath, openStore, resolveModelSpec } from '../../reward/index.ts';
import { formatZodError } from '../../sim/validation/index.ts';
import { TASK_IDS } from '../../sim/index.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface RaftFlags {
  reward: string;
  policy?: string;
  task?: string;
  out: string;
  states: string;
  candidates: string;
  keep: string;
  episodeSteps: string;
  epochs: string;
  lr: string;
  demoWeight: string;
  seed: string;
  demoCache: string;
  demoStates?: string;
  measureTruth?: boolean;
  db?: string;
  json?: boolean;
}

function numFlag(name: string, value: string, min: number, max: number): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new UsageError(`${name}: expected a number in [${min}, ${max}], got "${value}"`);
  return v;
}

/** `prefsim policy raft`: one RAFT step of a diffusion policy under a reward model (issue 19 §2). */
export function registerPolicyRaft(policy: Command): void {
  policy
    .command('raft')
    .description(
      'fine-tune a diffusion policy on its reward-ranked candidates (RAFT): sample N on M states, keep the top k, ' +
        'train on them mixed with the original demos; writes FILE and FILE.json (how it was made) and registers it',
    )
    .requiredOption(
      '--reward <ref>',
      'reward model: registry id, "latest" or file path; "oracle" ranks by the true one-step return (privileged: ' +
        'a ceiling for diagnosis)',
    )
    .requiredOption('--out <file>', 'fine-tuned policy checkpoint to write (ONNX)')
    .option('--policy <ref>', 'policy to fine-tune, a prefsim checkpoint (default: models/ for --task)')
    .option('--task <id>', `task id (${TASK_IDS.join(', ')}); default: the policy's task`)
    .option('--states <m>', 'M, states candidates are sampled on', '48')
    .option('--candidates <n>', 'N, candidates per state', '16')
    .option('--keep <k>', 'k, top-scored candidates kept per state', '2')
    .option('--episode-steps <k>', 'states per roll-in episode (the top candidate is executed to reach the next)', '4')
    .option('--epochs <n>', 'fine-tuning passes over the mixed set', '40')
    .option('--lr <x>', 'fine-tuning learning rate', '3e-4')
    .option(
      '--demo-weight <w>',
      'fraction of the mixed set drawn from the original demos (0 = kept actions only)',
      '0.5',
    )
    .option('--seed <n>', 'seed of states, candidates, mixing and training', '0')
    .option('--demo-cache <dir>', 'where the original demos are cached', DEMO_CACHE_DIR)
    .option(
      '--demo-states <s>',
      "mix in only the first S of the policy's demo states (default all; the cache collects them in order)",
    )
    .option(
      '--measure-truth',
      'also measure the true one-step return of the kept and of all candidates (privileged, N extra simulations ' +
        'per state): does the reward keep the better ones?',
    )
    .option(
      '--db <file>',
      'preference store: resolves the reward id and registers the new policy (default data/prefsim.db, or PREFSIM_DB)',
    )
    .option('--json', 'print the RAFT record as one JSON object on the last line')
    .action(async (f: RaftFlags) => {
      const out = makeOutput(!!f.json);
      if (!f.policy && !f.task)
        throw new UsageError(
          '--policy or --task: give the policy to fine-tune, or the task whose default policy to use',
        );
      const policyPath = f.policy ?? defaultPolicyPath(choiceFlag('--task', f.task!, TASK_IDS));
      const arch = parseArchitecture(loadCheckpoint(policyPath).meta.architecture, `--policy ${policyPath}`);
      if (f.task && f.task !== arch.task)
        throw new UsageError(`--task ${f.task}: the policy ${policyPath} was trained on task ${arch.task}`);
      const parsed = RaftConfigSchema.safeParse({
        states: intFlag('--states', f.states, 1, 100_000),
        candidates: intFlag('--candidates', f.candidates, 2, 1024),
        keep: intFlag('--keep', f.keep, 1, 1023),
        episodeSteps: intFlag('--episode-steps', f.episodeSteps, 1, 1000),
        epochs: intFlag('--epochs', f.epochs, 1, 100_000),
        lr: numFlag('--lr', f.lr, 1e-8, 1),
        demoWeight: numFlag('--demo-weight', f.demoWeight, 0, 0.95),
        seed: intFlag('--seed', f.seed, 0, 2 ** 31 - 1),
      });
      if (!parsed.success) throw new UsageError(formatZodError(parsed.error));
      const store = openStore(f.db ?? defaultDbPath());
      let bar: ReturnType<typeof makeProgress> | null = null,
        barKey = '';
      try {
        const reward =
          f.reward === ORACLE_REWARD
            ? { id: ORACLE_REWARD, path: ORACLE_REWARD }
            : resolveModelSpec(store, f.reward, arch.task);
        const r = await raftImprove(store, {
          task: arch.task,
          policyPath,
          rewardPath: reward.path,
          rewardId: reward.id,
          config: parsed.data,
          out: f.out,
          demoCache: f.demoCache,
          measureTruth: !!f.measureTruth,
          demoStates: f.demoStates === undefined ? undefined : intFlag('--demo-states', f.demoStates, 1, 1_000_000),
          command: `prefsim ${process.argv.slice(2).join(' ')}`,
          onProgress: (p) => {
            if (p.phase !== barKey) {
              bar?.stop();
              barKey = p.phase;
              bar = makeProgress(`raft ${p.phase}`, p.total);
            }
            bar!.tick('info' in p ? p.info : undefined);
          },
        });
        (bar as ReturnType<typeof makeProgress> | null)?.stop();
        const d = r.record.data;
        out.result({ ...r.record, id: r.id }, () => {
          out.line(
            `raft ${arch.task}: ${plural(d.states, 'state')}, kept ${plural(d.keptRows, 'action')} (mean score ` +
              `${d.meanScoreKept.toFixed(3)} vs ${d.meanScoreAll.toFixed(3)} over all candidates), ${d.demoRows}` +
              ` demo rows`,
          );
          if (d.truthKept !== null)
            out.line(
              `  true one-step return: kept ${d.truthKept.toFixed(3)} vs all candidates ${d.truthAll!.toFixed(3)}`,
            );
          out.line(
            `  fine-tuned ${plural(r.record.training.epochs, 'epoch')}, ` +
              `loss ${r.record.training.finalLoss.toFixed(4)} → ` +
              `${f.out} (record ${f.out}.json${r.id ? `, registered ${r.id}` : ''})`,
          );
        });
      } finally {
        (bar as ReturnType<typeof makeProgress> | null)?.stop();
        store.close();
      }
    });
}
