import { existsSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { getTask, TASK_IDS } from '../../sim/index.ts';
import {
  labelledSceneNote,
  makeLocalPool,
  meanText,
  METHODS,
  renderReportHtml,
  reportReliability,
  runEvaluation,
  tradeoffPoint,
  type JobRunner,
  type MeanCI,
  type SelectionEfficiency,
  type Tradeoff,
} from '../../pipeline/eval/index.ts';
import {
  makeQueueRunner,
  MAX_SEEDS_PER_JOB,
  parseQueueUrl,
  publishModels,
  QueueClient,
  TARGET_JOB_MS,
} from '../../pipeline/queue/index.ts';
import { resolveModelSpec } from '../../reward/models/index.ts';
import { defaultDbPath, openStore } from '../../reward/store/index.ts';
import { warnDeprecated } from '../flag-alias.ts';
import { makeOutput, plural } from '../output.ts';
import { makeProgress } from '../progress.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface EvalFlags {
  task: string;
  methods: string;
  seeds: string;
  workers: string;
  steps?: string;
  candidates: string;
  policy?: string;
  reward?: string;
  db?: string;
  json?: string | boolean;
  out?: string;
  html?: string;
  queue?: string;
  seedsPerJob: string;
  candidatesSweep?: string;
  reward2?: string;
  tradeoff?: string;
  tradeoffAxis: string;
  lambda?: string;
}

/** `prefsim eval`: methods × seeds episodes in a worker pool, with a JSON and an HTML report. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate methods over many seeds in parallel; curves with 95 % CIs, finals, success, diversity')
    .requiredOption('--task <id>', `task id (${TASK_IDS.join(', ')})`)
    .option(
      '--methods <list>',
      'comma-separated methods: expert, random, sl, explicit, implicit, rapl, oracle (learned ones need models). ' +
        "rapl tries each candidate from the decision's snapshot, a privileged look-ahead a real robot would not " +
        "have; oracle is the best-of-N ceiling: it runs all N candidates from the decision's snapshot and " +
        'executes the one with the best ' +
        'true return (privileged: a real robot cannot). With sl and oracle beside a RAS method, the report gives ' +
        'its selection ' +
        'efficiency (RAS − SL) / (oracle − SL) and its per-decision regret',
      'expert,random',
    )
    .option('--seeds <n>', 'number of seeds (0 .. n-1)', '20')
    .option('--workers <n>', 'worker threads (0 runs in this thread)', '2')
    .option('--steps <k>', 'action limit per episode (default: the task step limit)')
    .option('--candidates <n>', 'candidates per decision for learned methods (paper 8)', '8')
    .option('--policy <ref>', 'policy model: registry id, file path or "latest"')
    .option('--reward <ref>', 'reward model: registry id, file path or "latest"')
    .option(
      '--db <file>',
      "preference store that resolves model ids and gives the report's held-out labels (default data/prefsim.db, " +
        'or PREFSIM_DB)',
    )
    // `--json FILE` was the old way to write the report to a file: still read, shown as plain --json.
    .addOption(new Option('--json [file]', 'print the JSON report as one JSON object on the last line'))
    .configureHelp({ optionTerm: (o) => (o.long === '--json' ? '--json' : o.flags) })
    .option('--out <file>', 'write the JSON report to this file')
    .option('--html <file>', 'write a self-contained HTML report with plots')
    .option(
      '--reward2 <ref>',
      "method combined: the second reward model (e.g. a style preference); combined sums both rewards' log σ(r − " +
        'r_ref) transforms',
    )
    .option('--lambda <x>', 'method combined: weight λ of --reward, 1 − λ of --reward2 (default 0.5, the plain sum)')
    .option(
      '--tradeoff <list>',
      'method combined: also run at each λ (e.g. 0,0.25,0.5,0.75,1) and put the two-axis trade-off in the JSON report',
    )
    .option(
      '--tradeoff-axis <key>',
      "the trade-off's second axis: a per-episode figure of the results' extra",
      'keepOutViolations',
    )
    .option(
      '--candidates-sweep <list>',
      'also evaluate at each of these candidate counts N (e.g. 1,2,4,8,16,32): the inference-time scaling curve',
    )
    .option(
      '--queue <url>',
      'run the jobs on `prefsim worker` processes sharing this Redis queue, redis://HOST:PORT (instead of --workers)',
    )
    .option(
      '--seeds-per-job <n>',
      `with --queue: episodes per queued job, or "auto" (sized from the first episode's run time to about ` +
        `${TARGET_JOB_MS} ms, so the fixed cost per job stays small)`,
      'auto',
    )
    .action(async (f: EvalFlags) => {
      if (typeof f.json === 'string') {
        warnDeprecated('--json FILE', '--out FILE');
        if (f.out !== undefined) throw new UsageError(`--json ${f.json} and --out ${f.out}: give --out only`);
        f = { ...f, out: f.json, json: false };
      }
      const task = getTask(choiceFlag('--task', f.task, TASK_IDS));
      const methods = f.methods
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      if (methods.length === 0) throw new UsageError('--methods: expected at least one method');
      for (const m of methods) choiceFlag('--methods', m, Object.keys(METHODS));
      const seeds = intFlag('--seeds', f.seeds, 1, 100_000);
      const workers = intFlag('--workers', f.workers, 0, 64);
      const steps = f.steps === undefined ? undefined : intFlag('--steps', f.steps, 1, 1000);
      const candidates = intFlag('--candidates', f.candidates, 1, 1024);
      const sweep =
        f.candidatesSweep === undefined
          ? []
          : f.candidatesSweep.split(',').map((n) => intFlag('--candidates-sweep', n.trim(), 1, 1024));
      const models: Record<string, string> = {};
      if (f.policy) models.policy = f.policy;
      if (f.reward) models.reward = f.reward;
      if (f.db) models.db = f.db;
      if (f.reward2) models.reward2 = f.reward2;
      if (f.lambda !== undefined) models.lambda = String(lambdaFlag('--lambda', f.lambda));
      const tradeoff =
        f.tradeoff === undefined ? [] : f.tradeoff.split(',').map((x) => lambdaFlag('--tradeoff', x.trim()));
      if (tradeoff.length && !methods.includes('combined'))
        throw new UsageError('--tradeoff: needs method combined in --methods');
      const out = makeOutput(f.json === true);
      const bar = makeProgress(
        `eval ${task.id}`,
        methods.length * seeds * (1 + sweep.length) + tradeoff.length * seeds,
      );
      const seedsPerJob =
        f.seedsPerJob === 'auto' ? 'auto' : intFlag('--seeds-per-job', f.seedsPerJob, 1, MAX_SEEDS_PER_JOB);
      if (f.queue) {
        try {
          parseQueueUrl(f.queue, '--queue');
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
      const pool = f.queue ? await queueRunner(f.queue, models, task.id, seedsPerJob) : makeLocalPool(workers);
      try {
        const report = await runEvaluation({ task: task.id, methods, seeds, steps, candidates, models }, pool, (r) =>
          bar.tick(`${r.method} seed ${r.seed}`),
        );
        const scaling: {
          candidates: number;
          methods: { method: string; final: MeanCI }[];
          selectionEfficiency: SelectionEfficiency[];
        }[] = [];
        for (const n of sweep) {
          const r = await runEvaluation({ task: task.id, methods, seeds, steps, candidates: n, models }, pool, (x) =>
            bar.tick(`N=${n} ${x.method} seed ${x.seed}`),
          );
          scaling.push({
            candidates: n,
            methods: r.methods.map((m) => ({ method: m.method, final: m.final })),
            selectionEfficiency: r.selectionEfficiency,
          });
        }
        if (sweep.length) Object.assign(report, { candidatesSweep: scaling });
        const overlap = labelledSceneNote(models.db ?? defaultDbPath(), task.id, seeds, methods);
        if (overlap) {
          report.notes.push(overlap);
          out.log(`warning: ${overlap}`);
        }
        if (tradeoff.length) {
          const points = [];
          for (const lambda of tradeoff) {
            const r = await runEvaluation(
              {
                task: task.id,
                methods: ['combined'],
                seeds,
                steps,
                candidates,
                models: { ...models, lambda: String(lambda) },
              },
              pool,
              (x) => bar.tick(`λ=${lambda} seed ${x.seed}`),
            );
            points.push(tradeoffPoint(lambda, r.results, f.tradeoffAxis));
          }
          const t: Tradeoff = {
            axes: { x: task.rewardMetric, y: f.tradeoffAxis },
            rewards: { reward: f.reward ?? null, reward2: f.reward2 ?? null },
            points,
          };
          Object.assign(report, { tradeoff: t });
        }
        bar.stop();
        if (f.out) writeFileSync(f.out, JSON.stringify(report, null, 1));
        if (f.html)
          writeFileSync(
            f.html,
            renderReportHtml(report, task.rewardMetric, await reportReliability(task.id, methods, models)),
          );
        out.result(report, () => {
          out.line(
            `${task.id}: ${plural(seeds, 'seed')} × ${plural(methods.length, 'method')}, ` +
              `${report.episodesPerMinute.toFixed(1)} episodes/min on ` +
              `${f.queue ? `queue ${f.queue}` : workers === 0 ? 'this thread' : plural(workers, 'worker')}`,
          );
          for (const m of report.methods) {
            out.line(
              `  ${m.method.padEnd(9)} final ${task.rewardMetric} ${meanText(m.final)}  success ` +
                `${(100 * m.successRate).toFixed(0)} %  steps to success ${meanText(m.stepsToSuccess, 1)}`,
            );
          }
          for (const e of report.selectionEfficiency) {
            const regret = e.regret ? `  regret per decision ${meanText(e.regret, 4)}` : '';
            out.line(
              `  ${e.method} selection efficiency ` +
                `${meanText({ mean: e.efficiency, lo: e.lo, hi: e.hi, n: e.n }, 2)} (${plural(e.n, 'seed')}` +
                `; oracle is privileged)${regret}`,
            );
          }
          for (const row of scaling) {
            out.line(
              `  N=${String(row.candidates).padEnd(3)} ` +
                `${row.methods.map((m) => `${m.method} ${meanText(m.final)}`).join('  ')}`,
            );
          }
          const t = (report as { tradeoff?: Tradeoff }).tradeoff;
          for (const p of t?.points ?? []) {
            out.line(
              `  combined λ=${p.lambda}: final ${task.rewardMetric} ${p.final.mean.toFixed(3)} [` +
                `${p.final.lo.toFixed(3)}, ${p.final.hi.toFixed(3)}]  ${t!.axes.y} ${p.second.mean.toFixed(3)} [` +
                `${p.second.lo.toFixed(3)}, ${p.second.hi.toFixed(3)}] (n = ${p.final.n})`,
            );
          }
          if (f.out) out.line(`JSON report: ${f.out}`);
          for (const n of report.notes) out.line(`  note: ${n}`);
          if (f.html) out.line(`HTML report: ${f.html}`);
        });
      } finally {
        bar.stop();
        await pool.close();
      }
    });
}

function lambdaFlag(name: string, value: string): number {
  const v = Number(value);
  if (!(v >= 0 && v <= 1)) throw new UsageError(`${name}: expected λ in [0, 1], got "${value}"`);
  return v;
}

/** A runner on the Redis queue; models are published by content hash so any worker can verify them. */
async function queueRunner(
  url: string,
  models: Record<string, string>,
  task: string,
  seedsPerJob: number | 'auto',
): Promise<JobRunner> {
  const client = await QueueClient.open(url);
  // The store only resolves ids here; workers get the model files themselves.
  const { db: _db, ...roles } = models;
  try {
    const published = await publishModels(roles, client.blobs, (ref, role) => {
      if (existsSync(ref)) return ref;
      const store = openStore({ path: models.db ?? defaultDbPath(), readonly: true });
      try {
        return resolveModelSpec(store, ref, task, role === 'policy' ? 'policy' : undefined).path;
      } finally {
        store.close();
      }
    });
    return makeQueueRunner(client, { models: published, ownsClient: true, seedsPerJob });
  } catch (e) {
    await client.close();
    throw e;
  }
}
