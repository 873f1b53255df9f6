/**
 * `npm run quality -- policy [--seeds N] [--task ID] [--n K] [--steps S] [--actors a,b] [--policy FILE]`:
 * issue 4's quality check. Per task, over N seeds (default 20, evaluation seeds 0…N−1, apart
 * from the demo seeds ≥ 100000), at the task's step limit, stopping at success:
 * - "SL" (DeformPAM): the default policy samples K candidates (default 8, DDIM-10, η = 1) and a
 *   uniformly random one of them is executed;
 * - the random-action actor and the scripted expert on the same seeds, for reference.
 * Reports mean final metric, mean gain, success rate, and the DeformPAM candidate diversity of
 * the K candidates (mean over every decision of SL), plus `slBeatsRandom` per task and the paired
 * per-seed difference SL − random (mean, standard error, seeds where SL ends higher).
 * With the expert too: SL's share of the expert's gain over random, (SL − random) / (expert −
 * random) of the mean final metric, with a paired 95 % bootstrap interval over seeds (issue 13's
 * target ≥ 0.6). `emptyTouch`: the share of SL's candidates whose tool path touches nothing
 * (`Scene.touchesNothing`, geometry only), with its Wilson interval (target ≤ 0.1).
 */
import { gainShare, wilsonCI } from '../pipeline/eval/index.ts';
import { defaultPolicyPath, DiffusionPolicy, type Policy } from '../policy/index.ts';
import { ACTORS, getTask, initPhysics, runEpisode, Scene, TASK_IDS, type Actor } from '../sim/index.ts';
import { candidateDiversity, meanPairwiseActionDistance } from '../sim/metrics/index.ts';

interface Stats {
  meanFinal: number;
  meanStart: number;
  meanGain: number;
  successRate: number;
  meanStepsToSuccess: number;
  seconds: number;
  finals: number[];
}

async function evaluate(id: string, actor: Actor, seeds: number, onSeed: (s: number) => void): Promise<Stats> {
  const task = getTask(id),
    m = task.rewardMetric;
  let final = 0,
    start = 0,
    success = 0,
    steps = 0;
  const finals: number[] = [];
  const t0 = performance.now();
  for (let seed = 0; seed < seeds; seed++) {
    const scene = Scene.create(task, seed);
    try {
      const r = await runEpisode(scene, actor, { actorSeed: 7919 + seed });
      final += r.final[m];
      start += r.start[m];
      finals.push(r.final[m]);
      success += r.success ? 1 : 0;
      steps += r.stepsToSuccess;
    } finally {
      scene.free();
    }
    onSeed(seed);
  }
  return {
    meanFinal: final / seeds,
    meanStart: start / seeds,
    meanGain: (final - start) / seeds,
    successRate: success / seeds,
    meanStepsToSuccess: steps / seeds,
    seconds: (performance.now() - t0) / 1000,
    finals,
  };
}

/** What SL's candidates were like, over every decision. */
interface CandidateLog {
  diversity: number[];
  pairwise: number[];
  /** Candidates drawn, and those whose tool path touches nothing. */
  drawn: number;
  empty: number;
}

/** DeformPAM "SL": K candidates from the policy, a random one executed; records diversity. */
function slActor(policy: Policy, points: number, k: number, log: CandidateLog): Actor {
  return async (scene, rng) => {
    const obs = scene.observe(points, rng);
    const cands = await policy.sample(obs, k, rng);
    log.diversity.push(candidateDiversity(cands, rng));
    log.pairwise.push(meanPairwiseActionDistance(cands));
    log.drawn += cands.length;
    log.empty += cands.filter((c) => scene.touchesNothing(c)).length;
    return cands[rng.int(cands.length)];
  };
}

const mean = (a: number[]) => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : NaN);

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const seeds = Number(flag('--seeds', '20'));
  const k = Number(flag('--n', '8'));
  const steps = Number(flag('--steps', '10'));
  const tasks = args.includes('--task') ? [flag('--task', '')] : TASK_IDS;
  const actors = flag('--actors', 'sl,random,expert').split(',');
  await initPhysics();
  const out: Record<string, unknown> = {};
  for (const id of tasks) {
    const file = flag('--policy', '') || defaultPolicyPath(id);
    const policy = await DiffusionPolicy.open(file, { sampler: { kind: 'ddim', steps, eta: 1 } });
    const log: CandidateLog = { diversity: [], pairwise: [], drawn: 0, empty: 0 };
    const progress = (who: string) => (s: number) =>
      process.stderr.write(`quality policy: ${id} ${who} seed ${s + 1}/${seeds}\n`);
    const row: Record<string, unknown> = { metric: getTask(id).rewardMetric, policy: file };
    try {
      for (const a of actors) {
        const actor = a === 'sl' ? slActor(policy, policy.points, k, log) : ACTORS[a as 'random' | 'expert'];
        if (!actor) throw new Error(`--actors: unknown actor "${a}"; accepted: sl, random, expert`);
        row[a] = await evaluate(id, actor, seeds, progress(a));
      }
    } finally {
      await policy.free();
    }
    if (log.diversity.length) {
      row.candidateDiversity = {
        k,
        decisions: log.diversity.length,
        deformPAM: mean(log.diversity),
        meanPairwiseDistance: mean(log.pairwise),
      };
      const e = wilsonCI(log.empty, log.drawn);
      row.emptyTouch = { share: e.value, lo: e.lo, hi: e.hi, candidates: log.drawn };
    }
    const sl = row.sl as Stats | undefined,
      rnd = row.random as Stats | undefined;
    if (sl && rnd) {
      row.slBeatsRandom = sl.meanFinal > rnd.meanFinal;
      // Same seeds for both actors: the paired difference and its standard error say how sure the win is.
      const d = sl.finals.map((f, i) => f - rnd.finals[i]);
      const md = mean(d),
        se = Math.sqrt(d.reduce((a, x) => a + (x - md) ** 2, 0) / Math.max(1, d.length - 1) / d.length);
      row.slMinusRandom = {
        mean: md,
        standardError: se,
        slBetterSeeds: d.filter((x) => x > 0).length,
        seeds: d.length,
      };
    }
    const expert = row.expert as Stats | undefined;
    if (sl && rnd && expert) {
      const s = gainShare(sl.finals, rnd.finals, expert.finals);
      row.slShareOfExpertGain = { share: s.share, lo: s.lo, hi: s.hi, seeds: s.n };
    }
    out[id] = row;
    process.stderr.write(`quality policy: ${id} ${JSON.stringify(row)}\n`);
  }
  return {
    quality: 'policy',
    seeds,
    candidates: k,
    sampler: { kind: 'ddim', steps, eta: 1 },
    seedRange: [0, seeds - 1],
    tasks: out,
  };
}
