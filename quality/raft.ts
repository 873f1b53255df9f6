/**
 * `npm run quality -- raft --task T --base P --raft Q --reward R [--seeds 20] [--steps S] [--workers 2] [--ras
 * explicit]`:
 * issue 19 §2's target. Over the same seeds 0…S−1 (paired: same initial states and actor
 * streams), SL (a random one of N candidates, no reward at inference) of the RAFT policy Q
 * against SL of the base policy P, and RAS (argmax of reward R) with Q against RAS with P.
 * Reports per arm the mean final metric (95 % t interval) and the paired differences
 * (mean, 95 % t interval, seeds better / worse, SD, the gain n seeds detect with 80 % power
 * and the seeds a gain of the measured size needs); the target is `slGain.lo > 0` and
 * `rasGain.mean ≥ 0`.
 */
import { makeLocalPool, meanCI, runEvaluation, type EvalReport } from '../pipeline/eval/index.ts';
import { getTask } from '../sim/index.ts';

function paired(a: EvalReport, b: EvalReport, method: string) {
  const of = (r: EvalReport) => new Map(r.results.filter((x) => x.method === method).map((x) => [x.seed, x.final]));
  const x = of(a),
    y = of(b);
  const d = [...x.keys()]
    .filter((s) => y.has(s))
    .sort((p, q) => p - q)
    .map((s) => x.get(s)! - y.get(s)!);
  return {
    ...meanCI(d),
    betterSeeds: d.filter((v) => v > 0).length,
    worseSeeds: d.filter((v) => v < 0).length,
    ...power(d),
  };
}

/**
 * How far the comparison can see (normal approximation, two-sided 5 %, 80 % power): the SD of
 * the paired differences, the smallest mean gain these n seeds detect, and the seeds needed to
 * put the interval of a gain as large as the one measured above 0.
 */
function power(d: number[]) {
  const n = d.length,
    m = d.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const z = 1.96 + 0.84;
  return {
    sdPaired: sd,
    detectableGain80: (z * sd) / Math.sqrt(n),
    seedsFor80: m > 0 ? Math.ceil(((z * sd) / m) ** 2) : null,
  };
}

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string, dflt?: string) => {
    const v = args.includes(name) ? args[args.indexOf(name) + 1] : dflt;
    if (v === undefined) throw new Error(`quality raft: ${name} is required`);
    return v;
  };
  const task = getTask(flag('--task'));
  const base = flag('--base'),
    raft = flag('--raft'),
    reward = flag('--reward', 'none'),
    ras = flag('--ras', 'explicit');
  // Without a reward only SL is compared.
  const methods = reward === 'none' ? ['sl'] : ['sl', ras];
  const seeds = Number(flag('--seeds', '20')),
    steps = Number(flag('--steps', String(task.maxSteps)));
  const candidates = Number(flag('--n', '8'));
  const pool = makeLocalPool(Number(flag('--workers', '2')));
  try {
    const run = (policy: string) =>
      runEvaluation(
        {
          task: task.id,
          methods,
          seeds,
          steps,
          candidates,
          models: reward === 'none' ? { policy } : { policy, reward },
        },
        pool,
        (r, done, total) =>
          process.stderr.write(
            `quality raft: ${policy === base ? 'base' : 'raft'} ${r.method} seed ${r.seed} (${done}/${total})\n`,
          ),
      );
    const b = await run(base),
      q = await run(raft);
    const final = (r: EvalReport, m: string) => r.methods.find((x) => x.method === m)!.final;
    const slGain = paired(q, b, 'sl'),
      rasGain = methods.includes(ras) ? paired(q, b, ras) : null;
    return {
      quality: 'raft',
      task: task.id,
      metric: task.rewardMetric,
      seeds,
      seedRange: [0, seeds - 1],
      steps,
      candidates,
      base,
      raft,
      reward,
      sl: { base: final(b, 'sl'), raft: final(q, 'sl') },
      ...(rasGain ? { ras: { method: ras, base: final(b, ras), raft: final(q, ras) } } : {}),
      slGain,
      rasGain,
      targetMet: { slGainCiAboveZero: slGain.lo > 0, raftRasAtLeastRas: rasGain ? rasGain.mean >= 0 : null },
    };
  } finally {
    await pool.close();
  }
}
