import type { Command } from 'commander';
import { collectRun, openCollectPolicy, type CollectPolicy } from '../../reward/collect/index.ts';
import { ExplicitRewardModel, openRewardModel, resolveModelSpec } from '../../reward/models/index.ts';
import { SELECTOR_NAMES, selectorByName, type SelectorName } from '../../reward/selection/index.ts';
import { defaultDbPath, openStore } from '../../reward/store/index.ts';
import { resolveTeacher } from '../../reward/teachers/index.ts';
import { initPhysics, TASK_IDS } from '../../sim/index.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface CollectFlags {
  task: string; teacher: string; queries: string; selector: string; db?: string; json?: boolean;
  candidates: string; oversample: string; seed: string; framesDir?: string; model?: string; policy: string;
}

/** `prefsim collect`: headless preference collection into the store (METHODS §6–7). */
export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('collect labelled preference queries headlessly with a synthetic (or module) teacher')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .requiredOption('--teacher <spec>', 'teacher preset (oracle, stoch, mistake, keep-out, triplet, ...), NAME:key=value,..., or a .mjs module')
    .requiredOption('--queries <n>', 'number of queries to collect')
    .option('--selector <name>', `query selection: ${SELECTOR_NAMES.join(' | ')}`, 'uniform')
    .option('--model <id>', 'reward model the selector scores with (registry id, latest, or file); disagreement/entropy need one')
    .option('--policy <file>', "candidate policy: default (the task's trained policy in models/, else the stand-in), stand-in, or a policy file", 'default')
    .option('--candidates <k>', 'candidates per query (paper 8)', '8')
    .option('--oversample <m>', 'the selector picks from k·m candidates', '1')
    .option('--seed <n>', 'first scene seed', '0')
    .option('--frames-dir <dir>', 'write each outcome\'s frames here (RAPL training reads them); default <db dir>/frames')
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (f: CollectFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const queries = intFlag('--queries', f.queries, 1, 1_000_000);
      const selectorName = choiceFlag<SelectorName>('--selector', f.selector, SELECTOR_NAMES);
      const candidates = intFlag('--candidates', f.candidates, 1, 256);
      const oversample = intFlag('--oversample', f.oversample, 1, 64);
      const seed = intFlag('--seed', f.seed, 0, 2 ** 31 - 1);
      let teacher;
      try {
        teacher = await resolveTeacher(f.teacher);
      } catch (e) {
        throw new UsageError(`--teacher: ${(e as Error).message}`);
      }
      if (selectorName !== 'uniform' && f.model === undefined) {
        throw new UsageError(`--selector ${selectorName}: needs --model (an ensemble, e.g. from 'prefsim reward train --ensemble 5'); or use --selector uniform`);
      }
      const dbPath = f.db ?? defaultDbPath();
      const store = openStore(dbPath);
      let model: ExplicitRewardModel | undefined;
      let candidatePolicy: CollectPolicy | undefined;
      try {
        if (f.model !== undefined) {
          const { id, path } = resolveModelSpec(store, f.model, task, 'explicit');
          const m = await openRewardModel(path, id);
          if (!(m instanceof ExplicitRewardModel)) {
            await m.free();
            throw new UsageError(`--model ${f.model}: query selection needs an explicit (ensemble) reward model, found ${m.kind}`);
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
        const bar = makeProgress(`collect ${task}`, queries, !!f.json);
        const t0 = performance.now();
        const results = await collectRun(
          { store, teacher, selector: selectorByName(selectorName), model },
          candidatePolicy.policyFor,
          { task, queries, candidates, oversample, seed, framesDir },
          (p) => bar.tick(`${p.last.label.kind} ${p.last.selectorScore === null ? '' : p.last.selectorScore.toFixed(3)}`),
        );
        bar.stop();
        const kinds: Record<string, number> = {};
        for (const r of results) kinds[r.label.kind] = (kinds[r.label.kind] ?? 0) + 1;
        const result = {
          task, teacher: teacher.name, selector: selectorName, policy: candidatePolicy.source, queries: results.length, labels: kinds,
          db: store.path, seconds: (performance.now() - t0) / 1000, counts: store.counts(),
          queryIds: [results[0].queryId, results[results.length - 1].queryId],
        };
        out.result(result, () => out.line(`collected ${plural(results.length, 'query', 'queries')} (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) into ${store.path} in ${result.seconds.toFixed(1)} s`));
      } finally {
        await model?.free();
        await candidatePolicy?.free();
        store.close();
      }
    });
}
