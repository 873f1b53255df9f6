/**
 * `npm run quality -- reward [--only NAME,...]`: the reward-model quality figures of issue 5.
 * - explicit: rope-circle, 200 oracle labels → held-out accuracy on clean labels (target ≥ 85 %).
 * - crm: the same labels with 40 % flipped: CRM vs plain Bradley–Terry, clean held-out accuracy, 5 seeds.
 * - active: disagreement vs uniform query selection, held-out accuracy against label count.
 * - rapl: push-T keep-out teacher, 150 triplets: Spearman ρ of RAPL vs a scalar reward on the same triplets.
 * - ras: rope-circle, RAS with the explicit reward vs SL (a random candidate) over 20 seeds.
 * `--task ID` runs explicit, crm, active and ras on another task (e.g. push-T).
 * Candidates come from the stand-in policy (expert + random) unless stated.
 */
import { makeRng } from '../core/rng.ts';
import { collectRun, standInPolicy, type QueryResult } from '../reward/collect/index.ts';
import {
  evaluateOnStore, pairsFromStore, spearman, trainExplicit, trainRapl, trainScalarTrajectoryReward,
  trajectoryFromFrames, type ExplicitRewardModel, type PairData, type RaplConfigInput, type Trajectory, type TrajectoryTriplet,
} from '../reward/models/index.ts';
import { AlignedPolicy, selectorByName } from '../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../reward/store/index.ts';
import { parseTeacherConfig, PUSH_T_KEEP_OUT, teacherByName, teacherScore } from '../reward/teachers/index.ts';
import { getTask, initPhysics, Scene } from '../sim/index.ts';

const log = (s: string) => process.stderr.write(`quality reward: ${s}\n`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function collect(store: PreferenceStore, task: string, teacher: string, queries: number, seed: number, extra: { selector?: string; model?: ExplicitRewardModel; oversample?: number } = {}): Promise<QueryResult[]> {
  return collectRun(
    { store, teacher: teacherByName(teacher), selector: selectorByName(extra.selector ?? 'uniform'), model: extra.model },
    (s) => standInPolicy(() => s), { task, queries, seed, oversample: extra.oversample ?? 1 },
  );
}

/** Flips a fraction of the decisive labels (deterministic per seed). */
function flipLabels(d: PairData, rate: number, seed: number): PairData {
  const rng = makeRng(seed);
  return { ...d, y: d.y.map((y) => (y !== 0.5 && rng.next() < rate ? 1 - y : y)) };
}

/** Task of the explicit, crm, active and ras figures (`--task`, default rope-circle as in issue 5). */
let TASK = 'rope-circle';

async function explicitAndCrm(test: PreferenceStore, train: PreferenceStore) {
  const { data } = pairsFromStore(train, TASK);
  const t0 = performance.now();
  const { model } = await trainExplicit(data, { seed: 0 });
  const ev = await evaluateOnStore(model, test, TASK, 1);
  await model.free();
  const explicit = { labels: data.y.length, heldOutPairs: ev.pairs, accuracy: ev.accuracy, ece: ev.ece, spearman: ev.spearman, trainSeconds: (performance.now() - t0) / 1000 };
  log(`explicit: ${JSON.stringify(explicit)}`);
  const bt: number[] = [], crm: number[] = [];
  for (let seed = 0; seed < 5; seed++) {
    const noisy = flipLabels(data, 0.4, 100 + seed);
    for (const [robust, list] of [['none', bt], ['crm', crm]] as const) {
      const { model: m } = await trainExplicit(noisy, { seed, robust });
      list.push((await evaluateOnStore(m, test, TASK, 1)).accuracy);
      await m.free();
    }
    log(`crm seed ${seed}: bt ${bt[seed].toFixed(3)} crm ${crm[seed].toFixed(3)}`);
  }
  return { explicit, crm: { flip: 0.4, seeds: 5, bt, crm, btMean: mean(bt), crmMean: mean(crm), crmBeatsBt: mean(crm) > mean(bt) } };
}

async function active(test: PreferenceStore) {
  const sizes = [20, 40, 60, 80, 100, 120];
  const curve: Record<string, number[]> = { uniform: [], disagreement: [] };
  for (const selector of ['uniform', 'disagreement'] as const) {
    const store = openStore(':memory:');
    let model: ExplicitRewardModel | undefined;
    try {
      let have = 0;
      for (const n of sizes) {
        const sel = have === 0 ? 'uniform' : selector;
        await collect(store, TASK, 'oracle', n - have, 5000 + have, { selector: sel, model, oversample: sel === 'uniform' ? 1 : 4 });
        have = n;
        await model?.free();
        const { data } = pairsFromStore(store, TASK);
        model = (await trainExplicit(data, { seed: 1, ensemble: 3 })).model;
        curve[selector].push((await evaluateOnStore(model, test, TASK, 1)).accuracy);
        log(`active ${selector} ${n}: ${curve[selector].at(-1)!.toFixed(3)}`);
      }
    } finally {
      await model?.free();
      store.close();
    }
  }
  return { labels: sizes, ...curve };
}

async function rapl() {
  const task = getTask('push-T');
  const teacher = 'keep-out:kind=triplet,equalWithin=0.02';
  const cfg: RaplConfigInput = { seed: 0 };
  const trainStore = openStore(':memory:'), testStore = openStore(':memory:');
  try {
    const train = await collect(trainStore, 'push-T', teacher, 150, 0);
    const held = await collect(testStore, 'push-T', teacher, 40, 7000);
    const traj = (r: QueryResult, c: number, t: number, seed: number): Trajectory =>
      trajectoryFromFrames(r.runs[c].frames, r.candidates[c].primitive, t, 48, task.obsScale, makeRng(seed));
    const triplets: TrajectoryTriplet[] = train.map((r, q) => {
      const l = r.label;
      const [p, n, g, y] = l.kind === 'triplet' ? [l.best, l.middle, l.worst, 1 as const] : [0, 1, 2, 0.5 as const];
      return { pos: traj(r, p, 12, q * 3), neu: traj(r, n, 12, q * 3 + 1), neg: traj(r, g, 12, q * 3 + 2), y };
    });
    // Expert demos: the expert's first action from 6 training states, recorded.
    const demos: Trajectory[] = [];
    for (let i = 0; i < 6; i++) {
      const st = trainStore.getState(train[i * 4].stateId);
      const scene = Scene.create(task, st.seed);
      try {
        scene.restore(st.snapshot);
        const a = task.expert(scene, makeRng(i), 1)[0];
        const res = scene.apply(a, { record: true });
        demos.push(trajectoryFromFrames(res.frames ?? [], a.primitive, 45, 48, task.obsScale, makeRng(i)));
      } finally {
        scene.free();
      }
    }
    const t0 = performance.now();
    const { model } = await trainRapl(triplets, cfg, { demos });
    const raplSeconds = (performance.now() - t0) / 1000;
    const scalar = await trainScalarTrajectoryReward(triplets, cfg, makeRng(1));
    const tcfg = parseTeacherConfig({ keepOut: PUSH_T_KEEP_OUT });
    const truth: number[] = [], ret: number[] = [], rR: number[] = [], rS: number[] = [];
    for (const [q, r] of held.entries()) {
      for (let c = 0; c < r.runs.length; c++) {
        const o = r.runs[c].outcome;
        truth.push(teacherScore(o, tcfg, c));
        ret.push(r.runs[c].return);
        rR.push((await model.rewardOf(traj(r, c, 45, 9000 + q * 3 + c))).total);
        rS.push(await scalar.reward(traj(r, c, 12, 9000 + q * 3 + c)));
      }
    }
    await model.free();
    await scalar.free();
    const labels = train.reduce<Record<string, number>>((m, r) => ({ ...m, [r.label.kind]: (m[r.label.kind] ?? 0) + 1 }), {});
    return {
      triplets: triplets.length, labels, heldOutTrajectories: truth.length, raplSeconds,
      spearmanVsTeacherScore: { rapl: spearman(rR, truth), scalar: spearman(rS, truth) },
      spearmanVsTaskReturn: { rapl: spearman(rR, ret), scalar: spearman(rS, ret) },
      enteredZone: truth.filter((s, i) => s < ret[i] - 0.5).length,
    };
  } finally {
    trainStore.close();
    testStore.close();
  }
}

async function ras(train: PreferenceStore) {
  const task = getTask(TASK);
  const { data } = pairsFromStore(train, TASK);
  const { model } = await trainExplicit(data, { seed: 0 });
  const steps = 8, seeds = 20;
  const finals = { ras: [] as number[], sl: [] as number[] };
  try {
    for (let seed = 0; seed < seeds; seed++) {
      for (const mode of ['ras', 'sl'] as const) {
        const scene = Scene.create(task, 10_000 + seed);
        const rng = makeRng(seed);
        try {
          const aligned = new AlignedPolicy(standInPolicy(() => scene), model, { candidates: 8 });
          for (let s = 0; s < steps; s++) {
            const obs = scene.observe(256, rng.fork());
            const a = mode === 'ras' ? (await aligned.decide(obs, rng)).action : (await standInPolicy(() => scene).sample(obs, 8, rng))[rng.int(8)];
            scene.apply(a);
          }
          finals[mode].push(scene.reward());
        } finally {
          scene.free();
        }
      }
      log(`ras seed ${seed}: ras ${finals.ras[seed].toFixed(3)} sl ${finals.sl[seed].toFixed(3)}`);
    }
  } finally {
    await model.free();
  }
  const wins = finals.ras.filter((v, i) => v > finals.sl[i]).length;
  return { task: TASK, reward: 'explicit', policy: 'stand-in (expert + random)', steps, seeds, rasMeanIoU: mean(finals.ras), slMeanIoU: mean(finals.sl), rasWins: wins };
}

export default async function (args: string[]): Promise<unknown> {
  if (args.includes('--task')) TASK = args[args.indexOf('--task') + 1];
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['explicit', 'active', 'rapl', 'ras'];
  await initPhysics();
  const out: Record<string, unknown> = {};
  const train = openStore(':memory:'), test = openStore(':memory:');
  try {
    if (only.some((o) => ['explicit', 'crm', 'ras'].includes(o))) {
      log(`collecting ${TASK}: 200 training labels, 120 held-out labels (oracle)`);
      await collect(train, TASK, 'oracle', 200, 0);
      await collect(test, TASK, 'oracle', 120, 1000);
    } else if (only.includes('active')) {
      await collect(test, TASK, 'oracle', 120, 1000);
    }
    if (only.includes('explicit') || only.includes('crm')) Object.assign(out, await explicitAndCrm(test, train));
    if (only.includes('active')) out.active = await active(test);
    if (only.includes('rapl')) out.rapl = await rapl();
    if (only.includes('ras')) out.ras = await ras(train);
  } finally {
    train.close();
    test.close();
  }
  return out;
}
