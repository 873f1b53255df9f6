import { SCENE_SEED_SPACES } from '../../core/seeds.ts';
import type { Command } from 'commander';
import { collectRun, openCollectPolicy, type CollectPolicy } from '../../reward/collect/index.ts';
import { ExplicitRewardModel, openRewardModel, resolveModelSpec } from '../../reward/models/index.ts';
import { SELECTOR_NAMES, selectorByName, type SelectorName } from '../../reward/selection/index.ts';
import { defaultDbPath, openStore } from '../../reward/store/index.ts';
import { horizonTeacher, resolveTeacher } from '../../reward/teachers/index.ts';
import type { Teacher } from '../../reward/teachers/index.ts';
import { initPhysics, TASK_IDS } from '../../sim/index.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface CollectFlags {
  task?: string;
  teacher?: string;
  queries?: string;
  selector: string;
  db?: string;
  json?: boolean;
  candidates: string;
  oversample: string;
  seed?: string;
  framesDir?: string;
  reward?: string;
  policy: string;
  expert?: boolean;
  resume?: boolean;
  horizon: string;
}

/** What a collect run saves in the store's runs table (key `collect:…`), so `--resume` can finish it. */
interface CollectRunRecord {
  /** Runs saved before the rename of --model to --reward hold `model`. */
  flags: Omit<CollectFlags, 'db' | 'json' | 'resume'> & { model?: string };
  /** Queries asked for in all. */
  total: number;
  /** Queries stored so far (saved in the transaction that stores each). */
  done: number;
  finished: boolean;
}

/** `prefsim collect`: headless preference collection into the store (METHODS §6–7). */
export function registerCollect(program: Command): void {
  const collect = program
    .command('collect')
    .description('collect labelled preference queries headlessly with a synthetic (or module) teacher')
    .option('--task <id>', `task id (${TASK_IDS.join(', ')}); required unless --resume`)
    .option(
      '--teacher <spec>',
      'teacher preset (oracle, stoch, mistake, keep-out, triplet, ...), NAME:key=value,..., or a .mjs module; ' +
        'required unless --resume',
    )
    .option(
      '--horizon <k>',
      'the teacher values each outcome by the return after k further expert steps from it (0: one step)',
      '0',
    )
    .option('--queries <n>', 'number of queries to collect; required unless --resume')
    .option('--resume', 'finish the newest unfinished collect run in --db (a killed run), with its settings')
    .option('--selector <name>', `query selection: ${SELECTOR_NAMES.join(' | ')}`, 'uniform')
    .option(
      '--reward <ref>',
      'reward model the selector scores with (registry id, "latest" or a model file); disagreement/entropy need one',
    )
    .option(
      '--policy <ref>',
      "candidate policy: default (the task's trained policy in models/, else the stand-in), stand-in, or a policy file",
      'default',
    )
    .option('--candidates <n>', 'candidates per query (paper 8)', '8')
    .option('--oversample <m>', 'the selector picks from n·m candidates', '1')
    .option(
      '--seed <n>',
      'first scene seed (default: the next unused seed of the labelling space, 2 002 000 000 up, apart from the ' +
        'evaluation seeds 0…99 999, demo and loop seeds)',
    )
    .option(
      '--frames-dir <dir>',
      "write each outcome's frames here (RAPL training reads them); default <db dir>/frames",
    )
    .option(
      '--expert',
      "ranking teachers: also show the scripted expert's action; when it is ranked first the query records it " +
        '(expert ≻ every candidate pairs, DeformPAM)',
    )
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (given: CollectFlags) => {
      const out = makeOutput(!!given.json);
      const dbPath = given.db ?? defaultDbPath();
      const store = openStore(dbPath);
      let runKey: string;
      let run: CollectRunRecord;
      let f: CollectFlags;
      try {
        if (given.resume) {
          const open = store.listRuns('collect:').filter((r) => !(r.value as CollectRunRecord).finished);
          if (open.length === 0) throw new UsageError(`--resume: no unfinished collect run in ${store.path}`);
          ({ key: runKey } = open[open.length - 1]);
          run = open[open.length - 1].value as CollectRunRecord;
          // Scenes of the rest take seeds the store has not seen, so no state is collected twice.
          const { model: legacyReward, ...saved } = run.flags;
          f = { reward: legacyReward, ...saved, seed: undefined, db: given.db, json: given.json };
          out.log(`resuming ${runKey}: ${run.done} of ${plural(run.total, 'query', 'queries')} stored`);
        } else {
          for (const [flag, v] of [
            ['--task', given.task],
            ['--teacher', given.teacher],
            ['--queries', given.queries],
          ] as const) {
            if (v === undefined) throw new UsageError(`${flag}: required (or pass --resume to finish a killed run)`);
          }
          f = given;
          const total = intFlag('--queries', f.queries!, 1, 1_000_000);
          const { db: _d, json: _j, resume: _r, model: _m, ...flags } = f as CollectFlags & { model?: string };
          runKey = `collect:${new Date().toISOString()}:${process.pid}`;
          run = { flags, total, done: 0, finished: false };
        }
      } catch (e) {
        store.close();
        throw e;
      }
      const task = choiceFlag('--task', f.task!, TASK_IDS);
      const queries = run.total - run.done;
      const selectorName = choiceFlag<SelectorName>('--selector', f.selector, SELECTOR_NAMES);
      const candidates = intFlag('--candidates', f.candidates, 1, 256);
      const oversample = intFlag('--oversample', f.oversample, 1, 64);
      const seed = f.seed === undefined ? null : intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      if (seed !== null && seed < SCENE_SEED_SPACES.demos)
        out.log(
          `warning: --seed ${seed}: scene seeds 0…${SCENE_SEED_SPACES.demos - 1} are the evaluation seeds, so these ` +
            'labels share scenes with prefsim eval; leave --seed out to take unused labelling seeds',
        );
      let model: ExplicitRewardModel | undefined;
      let candidatePolicy: CollectPolicy | undefined;
      try {
        let teacher: Teacher;
        try {
          teacher = horizonTeacher(await resolveTeacher(f.teacher!), intFlag('--horizon', f.horizon ?? '0', 0, 50));
        } catch (e) {
          throw new UsageError(`--teacher: ${(e as Error).message}`);
        }
        if (selectorName !== 'uniform' && f.reward === undefined) {
          throw new UsageError(
            `--selector ${selectorName}: needs --reward (an ensemble, e.g. from 'prefsim reward train --ensemble ` +
              `5'); or use --selector uniform`,
          );
        }
        if (f.reward !== undefined) {
          const { id, path } = resolveModelSpec(store, f.reward, task, 'explicit');
          const m = await openRewardModel(path, id);
          if (!(m instanceof ExplicitRewardModel)) {
            await m.free();
            throw new UsageError(
              `--reward ${f.reward}: query selection needs an explicit (ensemble) reward model, found ${m.kind}`,
            );
          }
          model = m;
        }
        await initPhysics();
        try {
          candidatePolicy = await openCollectPolicy(task, f.policy);
        } catch (e) {
          throw new UsageError(`--policy: ${(e as Error).message}`);
        }
        if (candidatePolicy.note) out.log(candidatePolicy.note);
        out.log(`candidates from ${candidatePolicy.source}`);
        const framesDir = f.framesDir ?? (dbPath === ':memory:' ? null : `${dbPath.replace(/[^/]*$/, '')}frames`);
        const bar = makeProgress(`collect ${task}`, queries);
        const t0 = performance.now();
        store.setRun(runKey, run);
        const results = await collectRun(
          {
            store,
            teacher,
            selector: selectorByName(selectorName),
            model,
            onStored: () => {
              run.done++;
              store.setRun(runKey, run);
            },
          },
          candidatePolicy.policyFor,
          { task, queries, candidates, oversample, seed, framesDir, expert: !!f.expert },
          (p) =>
            bar.tick(`${p.last.label.kind} ${p.last.selectorScore === null ? '' : p.last.selectorScore.toFixed(3)}`),
        );
        bar.stop();
        run.finished = true;
        store.setRun(runKey, run);
        const kinds: Record<string, number> = {};
        for (const r of results) kinds[r.label.kind] = (kinds[r.label.kind] ?? 0) + 1;
        const result = {
          task,
          teacher: teacher.name,
          selector: selectorName,
          policy: candidatePolicy.source,
          queries: results.length,
          labels: kinds,
          run: runKey,
          db: store.path,
          seconds: (performance.now() - t0) / 1000,
          counts: store.counts(),
          queryIds: [results[0].queryId, results[results.length - 1].queryId],
        };
        out.result(result, () =>
          out.line(
            `collected ${plural(results.length, 'query', 'queries')} (${Object.entries(kinds)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}) into ${store.path} in ${result.seconds.toFixed(1)} s`,
          ),
        );
      } finally {
        await model?.free();
        await candidatePolicy?.free();
        store.close();
      }
    });
  deprecatedAlias(collect, '--model <ref>', '--reward');
}
