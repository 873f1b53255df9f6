/**
 * `npm run quality -- reward [--only NAME,...]`: the reward-model quality figures of issue 5.
 * - explicit: rope-circle, 200 oracle labels → held-out accuracy on clean labels (target ≥ 85 %).
 * - crm: the same labels with 40 % flipped: CRM vs plain Bradley–Terry, clean held-out accuracy, 5 seeds
 *   (trains the explicit figure's model too; `--only explicit` alone skips crm; `--crm-labels N` uses N labels).
 * - active: disagreement vs uniform query selection, held-out accuracy against label count, mean of
 *   `--active-seeds N` (default 3) repetitions.
 * (RAPL against a scalar reward is its own benchmark now: `npm run quality -- rapl`.)
 * - ras: rope-circle, RAS with the explicit reward vs SL (a random candidate) over 20 seeds.
 * - implicit: rope-circle, the implicit Diffusion-DPO reward fine-tuned from the default policy on the
 *   same 200 labels: held-out accuracy, and RAS with it vs SL (a random policy candidate) over 20 seeds.
 * `--task ID` runs explicit, crm, active and ras on another task (e.g. push-T).
 * `--policy default|stand-in|FILE` picks where candidates come from (default: the task's trained
 * diffusion policy when models/ has one, else the stand-in: jittered expert + random).
 * `--seeds N` sets the RAS seeds (default 20). Accuracy is always on all decisive held-out pairs;
 * `accuracyAboveMargin` (pairs whose true |ΔR| exceeds a margin) is reported next to it, never instead.
 * `--labels pair|ranking` (default pair): the 200 training labels of explicit, ras and implicit are
 * oracle pairs, or DeformPAM elimination rankings over K = 8 candidates from `--ranking-teacher SPEC`
 * (default `ranking:equalWithin=0`, the oracle ranking), expanded into pairs (METHODS §3). The
 * held-out set is always the same 120 oracle pair labels; with rankings, a held-out set of 120
 * oracle rankings (`rankingHeldOut`) is reported beside it.
 * - labels (issue 12; only with `--only labels`): push-T explicit, 200 labels of `--label-teacher SPEC`
 *   (default oracle; `avoid-region` is the style row) over `--label-seeds N` (default 3) repetitions,
 *   tested on 120 labels from disjoint scene seeds: labelAccuracy, teacherAccuracy, returnAccuracy
 *   with n and 95 % intervals, and train minus held-out (quality/figures/reward-labels.ts).
 * `--explicit k=v,...` and `--implicit k=v,...` override the reward configs (e.g. `ensemble=3,epochs=80`,
 * `lr=1e-3,beta=10,epochs=5`); `--save-reward FILE` writes the ras figure's explicit model and `--save-implicit FILE`
 * the implicit
 * figure's model (for `prefsim eval --reward FILE`); `--load-implicit FILE` scores with a saved
 * implicit model instead of training one (so RAS runs apart from training). `--expert` shows the
 * scripted expert as an extra outcome of every ranking query (DeformPAM "expert ≻ candidate").
 * The implicit figure's validation split keeps episodes (scene seeds) whole.
 */
import { makeRng } from '../core/rng.ts';
import { collectRun, openCollectPolicy, type CollectPolicy, type QueryResult } from '../reward/collect/index.ts';
import {
  evaluateOnStore,
  ImplicitRewardModel,
  implicitPairs,
  pairsFromStore,
  sigmoid,
  trainExplicit,
  trainImplicit,
  type ExplicitConfigInput,
  type ExplicitRewardModel,
  type ImplicitConfigInput,
  type PairData,
  type RewardModel,
} from '../reward/models/index.ts';
import { AlignedPolicy, selectorByName } from '../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../reward/store/index.ts';
import { parseTeacherSpec, teacherByName } from '../reward/teachers/index.ts';
import { defaultPolicyPath, taskAllowsRotation } from '../policy/index.ts';
import { labelFigures, TASK as LABEL_TASK } from './figures/reward-labels.ts';
import { getTask, initPhysics, Scene } from '../sim/index.ts';
import { episodesOf } from './implicit-sweep.ts';

const log = (s: string) => process.stderr.write(`quality reward: ${s}\n`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function collect(
  store: PreferenceStore,
  task: string,
  teacher: string,
  queries: number,
  seed: number,
  extra: { selector?: string; model?: ExplicitRewardModel; oversample?: number; candidates?: CollectPolicy } = {},
): Promise<QueryResult[]> {
  return collectRun(
    {
      store,
      teacher: teacherByName(teacher),
      selector: selectorByName(extra.selector ?? 'uniform'),
      model: extra.model,
    },
    (extra.candidates ?? CANDIDATES!).policyFor,
    { task, queries, seed, oversample: extra.oversample ?? 1, expert: EXPERT },
  );
}

/** Candidate policy of every figure (`--policy`); opened in main. */
let CANDIDATES: CollectPolicy | undefined;
let SEEDS = 20;
/** `--explicit` / `--implicit` config overrides, `--labels`, `--ranking-teacher`, `--save-reward`. */
let EXPLICIT: ExplicitConfigInput = {};
let IMPLICIT: ImplicitConfigInput = {};
let LABELS: 'pair' | 'ranking' = 'pair';
let RANKING_TEACHER = 'ranking:equalWithin=0';
let SAVE_REWARD: string | null = null;
let SAVE_IMPLICIT: string | null = null;
/** `--load-implicit FILE`: score with this implicit model instead of training one. */
let LOAD_IMPLICIT: string | null = null;
/** `--expert`: ranking queries also show the scripted expert's action (DeformPAM expert pairs). */
let EXPERT = false;
/** `--crm-labels`: training labels of the crm figure. */
let CRM_LABELS = 200;
/** `--active-seeds`: repetitions of the active-selection curves (different collection seeds). */
let ACTIVE_SEEDS = 3;
/** Held-out oracle rankings (only with `--labels ranking`). */
let RANKING_TEST: PreferenceStore | null = null;

/** `k=v,...` (numbers, booleans, strings) as a config object, with the `NAME:k=v` parser of teacher specs. */
function overrides(text: string): Record<string, unknown> {
  return parseTeacherSpec(`x:${text}`).overrides;
}

/**
 * Held-out quality of `model` on the 120 oracle pair labels (labelAccuracy; returnAccuracy, the clean accuracy of issue
 * 5), ECE, ρ, and beside it the ranking held-out set.
 */
async function heldOut(model: RewardModel, test: PreferenceStore) {
  const ev = await evaluateOnStore(model, test, TASK, 1);
  const out = {
    labelAccuracy: ev.labelAccuracy,
    returnAccuracy: ev.returnAccuracy,
    ece: ev.ece,
    spearmanReturn: ev.spearmanReturn.rho,
    withinQuerySpearman: ev.withinQuerySpearman,
    withinQueries: ev.withinQueries,
  };
  if (!RANKING_TEST) return out;
  const r = await evaluateOnStore(model, RANKING_TEST, TASK, 1);
  return {
    ...out,
    rankingHeldOut: {
      labelAccuracy: r.labelAccuracy,
      returnAccuracy: r.returnAccuracy,
      ece: r.ece,
      withinQuerySpearman: r.withinQuerySpearman,
      withinQueries: r.withinQueries,
    },
  };
}

/**
 * Held-out label statistics: the true |ΔR| between the two shown candidates (how close to a coin
 * flip the oracle's labels are), and the model's accuracy on pairs with |ΔR| > margin, reported
 * next to the plain accuracy on all decisive pairs.
 */
async function marginAccuracy(model: RewardModel, test: PreferenceStore, task: string, margins = [0.02, 0.05, 0.1]) {
  const gaps: number[] = [];
  const hit: Record<string, { n: number; ok: number }> = Object.fromEntries(margins.map((m) => [m, { n: 0, ok: 0 }]));
  const { data, observations, records } = pairsFromStore(test, task);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const outs = test.outcomesFor(r.queryId);
    const ra = outs.find((o) => o.candidate === r.i)?.return,
      rb = outs.find((o) => o.candidate === r.j)?.return;
    if (ra == null || rb == null || ra === rb) continue;
    gaps.push(Math.abs(ra - rb));
    const s = await model.score(observations[data.stateOf[i]], [r.a, r.b]);
    const right = sigmoid(s[0] - s[1]) > 0.5 === ra > rb;
    for (const m of margins)
      if (Math.abs(ra - rb) > m) {
        hit[m].n++;
        if (right) hit[m].ok++;
      }
  }
  gaps.sort((a, b) => a - b);
  return {
    medianAbsDeltaR: gaps[Math.floor(gaps.length / 2)] ?? NaN,
    decisivePairs: gaps.length,
    accuracyAboveMargin: Object.fromEntries(
      margins.map((m) => [`${m}`, { pairs: hit[m].n, accuracy: hit[m].n ? hit[m].ok / hit[m].n : NaN }]),
    ),
  };
}

/** Flips a fraction of the decisive labels (deterministic per seed). */
function flipLabels(d: PairData, rate: number, seed: number): PairData {
  const rng = makeRng(seed);
  return { ...d, y: d.y.map((y) => (y !== 0.5 && rng.next() < rate ? 1 - y : y)) };
}

/** Task of the explicit, crm, active and ras figures (`--task`, default rope-circle as in issue 5). */
let TASK = 'rope-circle';

async function explicitAndCrm(test: PreferenceStore, train: PreferenceStore, withCrm: boolean) {
  const { data } = pairsFromStore(train, TASK);
  const t0 = performance.now();
  const { model } = await trainExplicit(data, { seed: 0, ...EXPLICIT });
  const trainSeconds = (performance.now() - t0) / 1000;
  const explicit = {
    labelKind: LABELS,
    labels: train.labelsFor(TASK).length,
    trainPairs: data.y.length,
    config: EXPLICIT,
    ...(await heldOut(model, test)),
    trainSeconds,
    ...(await marginAccuracy(model, test, TASK)),
  };
  await model.free();
  log(`explicit: ${JSON.stringify(explicit)}`);
  if (!withCrm) return { explicit };
  return { explicit, crm: await crm(train, test) };
}

/**
 * CRM vs plain Bradley–Terry on the training labels with 40 % flipped, 5 seeds, clean held-out
 * accuracy. `--crm-labels N` (default 200, the explicit figure's labels) collects N labels of the
 * same stream instead: noise-robust training needs a clean model that learns before it can help.
 */
async function crm(train: PreferenceStore, test: PreferenceStore) {
  let store = train;
  if (CRM_LABELS !== train.labelsFor(TASK).length) {
    store = openStore(':memory:');
    log(`crm: collecting ${CRM_LABELS} oracle labels`);
    await collect(store, TASK, 'oracle', CRM_LABELS, 0);
  }
  try {
    const { data } = pairsFromStore(store, TASK);
    const bt: number[] = [],
      crmAcc: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const noisy = flipLabels(data, 0.4, 100 + seed);
      for (const [robust, list] of [
        ['none', bt],
        ['crm', crmAcc],
      ] as const) {
        const { model: m } = await trainExplicit(noisy, { ...EXPLICIT, seed, robust });
        list.push((await evaluateOnStore(m, test, TASK, 1)).returnAccuracy.value);
        await m.free();
      }
      log(`crm seed ${seed}: bt ${bt[seed].toFixed(3)} crm ${crmAcc[seed].toFixed(3)}`);
    }
    return {
      flip: 0.4,
      seeds: 5,
      labels: store.labelsFor(TASK).length,
      bt,
      crm: crmAcc,
      btMean: mean(bt),
      crmMean: mean(crmAcc),
      crmBeatsBt: mean(crmAcc) > mean(bt),
      crmWinsPerSeed: crmAcc.filter((c, i) => c > bt[i]).length,
    };
  } finally {
    if (store !== train) store.close();
  }
}

async function active(test: PreferenceStore) {
  const sizes = [20, 40, 60, 80, 100, 120];
  const perSeed: Record<string, number[][]> = { uniform: [], disagreement: [] };
  for (let rep = 0; rep < ACTIVE_SEEDS; rep++) {
    for (const selector of ['uniform', 'disagreement'] as const) {
      const store = openStore(':memory:');
      const curve: number[] = [];
      let model: ExplicitRewardModel | undefined;
      try {
        let have = 0;
        for (const n of sizes) {
          const sel = have === 0 ? 'uniform' : selector;
          await collect(store, TASK, 'oracle', n - have, 5000 + 100_000 * rep + have, {
            selector: sel,
            model,
            oversample: sel === 'uniform' ? 1 : 4,
          });
          have = n;
          await model?.free();
          const { data } = pairsFromStore(store, TASK);
          model = (await trainExplicit(data, { ...EXPLICIT, seed: 1 + rep, ensemble: 3 })).model;
          curve.push((await evaluateOnStore(model, test, TASK, 1)).returnAccuracy.value);
          log(`active seed ${rep} ${selector} ${n}: ${curve.at(-1)!.toFixed(3)}`);
        }
      } finally {
        await model?.free();
        store.close();
      }
      perSeed[selector].push(curve);
    }
  }
  const meanCurve = (runs: number[][]) => sizes.map((_, k) => mean(runs.map((c) => c[k])));
  const uniform = meanCurve(perSeed.uniform),
    disagreement = meanCurve(perSeed.disagreement);
  // Fewest labels at which disagreement's mean accuracy reaches uniform's at the largest size.
  const target = uniform[uniform.length - 1];
  const k = disagreement.findIndex((a) => a >= target);
  return {
    labels: sizes,
    seeds: ACTIVE_SEEDS,
    uniform,
    disagreement,
    perSeed,
    disagreementLabelsToUniformFinal: k >= 0 ? sizes[k] : null,
  };
}

/** The implicit reward fine-tuned from the default policy on the training labels: held-out accuracy and RAS. */
async function implicit(train: PreferenceStore, test: PreferenceStore) {
  const { data, observations, records } = pairsFromStore(train, TASK);
  const pairs = implicitPairs(
    observations,
    data,
    episodesOf(
      train,
      records.map((r) => r.stateId),
      data.stateOf,
      observations.length,
    ),
  );
  const t0 = performance.now();
  const agree: number[] = [];
  const trained = LOAD_IMPLICIT
    ? {
        model: await ImplicitRewardModel.load(LOAD_IMPLICIT),
        epochLosses: [],
        valLosses: [],
        bestEpoch: null,
        loadedFrom: LOAD_IMPLICIT,
      }
    : await trainImplicit(
        pairs,
        defaultPolicyPath(TASK),
        { seed: 0, ...IMPLICIT },
        { onProgress: (p) => agree.push(p.agree) },
      );
  const { model, epochLosses, valLosses, bestEpoch } = trained;
  const trainSeconds = (performance.now() - t0) / 1000;
  try {
    if (SAVE_IMPLICIT) model.save(SAVE_IMPLICIT);
    const acc = {
      labelKind: LABELS,
      pairs: pairs.stateOf.length,
      config: IMPLICIT,
      ...(LOAD_IMPLICIT ? { loadedFrom: LOAD_IMPLICIT } : {}),
      expertQueries: train.queriesFor(TASK).filter((q) => q.expert !== null).length,
      ...(await heldOut(model, test)),
      heldOutMargin: await heldOutMargin(model, test),
      trainSeconds,
      epochLosses,
      valLosses,
      bestEpoch,
      epochAgree: agree,
      ...(await marginAccuracy(model, test, TASK)),
    };
    log(`implicit: ${JSON.stringify(acc)}`);
    if (SEEDS === 0) return acc;
    const r = await rasWith(model, 'implicit');
    // Paired RAS − SL: 95 % t interval over the seeds.
    const half = studentT975(r.seeds - 1) * r.stdErrDiff;
    return { ...acc, ras: { ...r, meanDiffCi95: [r.meanDiff - half, r.meanDiff + half] } };
  } finally {
    await model.free();
  }
}

/** Two-sided 97.5 % Student t quantile (df ≥ 1; normal beyond 30). */
function studentT975(df: number): number {
  const table = [
    NaN,
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.16,
    2.145,
    2.131,
    2.12,
    2.11,
    2.101,
    2.093,
    2.086,
  ];
  return table[df] ?? (df > 30 ? 1.96 : 2.04);
}

/**
 * Mean r(winner) − r(loser) over the held-out decisive pairs, winners by true return (0 for an
 * untrained implicit model; it should rise as DPO training works).
 */
async function heldOutMargin(model: RewardModel, test: PreferenceStore): Promise<number> {
  const { observations, data, records } = pairsFromStore(test, TASK);
  let sum = 0,
    n = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const outs = test.outcomesFor(r.queryId);
    const ra = outs.find((o) => o.candidate === r.i)?.return,
      rb = outs.find((o) => o.candidate === r.j)?.return;
    if (ra == null || rb == null || ra === rb) continue;
    const s = await model.score(observations[data.stateOf[i]], [r.a, r.b]);
    sum += ra > rb ? s[0] - s[1] : s[1] - s[0];
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

async function ras(train: PreferenceStore) {
  const { data } = pairsFromStore(train, TASK);
  const { model } = await trainExplicit(data, { seed: 0, ...EXPLICIT });
  try {
    if (SAVE_REWARD) model.save(SAVE_REWARD);
    return await rasWith(model, 'explicit');
  } finally {
    await model.free();
  }
}

/** RAS with `model` vs SL (a random one of the same 8 candidates' distribution) from the same seeds. */
async function rasWith(model: RewardModel, name: string) {
  const task = getTask(TASK);
  const steps = 8,
    seeds = SEEDS;
  const finals = { ras: [] as number[], sl: [] as number[] };
  const policyFor = CANDIDATES!.policyFor;
  for (let seed = 0; seed < seeds; seed++) {
    for (const mode of ['ras', 'sl'] as const) {
      const scene = Scene.create(task, 10_000 + seed);
      const rng = makeRng(seed);
      try {
        const aligned = new AlignedPolicy(policyFor(scene), model, { candidates: 8 });
        for (let s = 0; s < steps; s++) {
          const obs = scene.observe(aligned.obsPoints, rng.fork());
          const a =
            mode === 'ras'
              ? (await aligned.decide(obs, rng)).action
              : (await policyFor(scene).sample(obs, 8, rng))[rng.int(8)];
          scene.apply(a);
        }
        finals[mode].push(scene.reward());
      } finally {
        scene.free();
      }
    }
    log(`ras ${name} seed ${seed}: ras ${finals.ras[seed].toFixed(3)} sl ${finals.sl[seed].toFixed(3)}`);
  }
  const wins = finals.ras.filter((v, i) => v > finals.sl[i]).length;
  const diffs = finals.ras.map((v, i) => v - finals.sl[i]);
  const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean(diffs)) ** 2, 0) / Math.max(1, diffs.length - 1));
  return {
    task: TASK,
    reward: name,
    policy: CANDIDATES!.source,
    steps,
    seeds,
    rasMeanReward: mean(finals.ras),
    slMeanReward: mean(finals.sl),
    meanDiff: mean(diffs),
    stdErrDiff: sd / Math.sqrt(diffs.length),
    rasWins: wins,
    ties: diffs.filter((d) => d === 0).length,
  };
}

export default async function (args: string[]): Promise<unknown> {
  if (args.includes('--task')) TASK = args[args.indexOf('--task') + 1];
  if (args.includes('--seeds')) SEEDS = Number(args[args.indexOf('--seeds') + 1]);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  EXPLICIT = { rotate: taskAllowsRotation(TASK), ...overrides(flag('--explicit') ?? '') } as ExplicitConfigInput;
  IMPLICIT = overrides(flag('--implicit') ?? '') as ImplicitConfigInput;
  const labels = flag('--labels') ?? 'pair';
  if (labels !== 'pair' && labels !== 'ranking') throw new Error(`--labels: expected pair or ranking, found ${labels}`);
  LABELS = labels;
  RANKING_TEACHER = flag('--ranking-teacher') ?? RANKING_TEACHER;
  SAVE_REWARD = flag('--save-reward') ?? null;
  SAVE_IMPLICIT = flag('--save-implicit') ?? null;
  LOAD_IMPLICIT = flag('--load-implicit') ?? null;
  EXPERT = args.includes('--expert');
  CRM_LABELS = Number(flag('--crm-labels') ?? 200);
  ACTIVE_SEEDS = Number(flag('--active-seeds') ?? 3);
  if (!Number.isInteger(ACTIVE_SEEDS) || ACTIVE_SEEDS < 1)
    throw new Error(`--active-seeds: expected a positive integer, found ${flag('--active-seeds')}`);
  if (!Number.isInteger(CRM_LABELS) || CRM_LABELS < 1)
    throw new Error(`--crm-labels: expected a positive integer, found ${flag('--crm-labels')}`);
  const only = args.includes('--only')
    ? args[args.indexOf('--only') + 1].split(',')
    : ['explicit', 'crm', 'active', 'ras', 'implicit'];
  await initPhysics();
  CANDIDATES = await openCollectPolicy(
    TASK,
    args.includes('--policy') ? args[args.indexOf('--policy') + 1] : 'default',
  );
  log(`candidates from ${CANDIDATES.source}${CANDIDATES.note ? ` (${CANDIDATES.note})` : ''}`);
  const out: Record<string, unknown> = { candidates: CANDIDATES.source };
  const train = openStore(':memory:'),
    test = openStore(':memory:');
  try {
    if (only.some((o) => ['explicit', 'crm', 'ras', 'implicit'].includes(o))) {
      const teacher = LABELS === 'ranking' ? RANKING_TEACHER : 'oracle';
      log(
        `collecting ${TASK}: 200 training labels (${teacher}), 120 held-out labels (oracle pairs` +
          `${LABELS === 'ranking' ? ' and oracle rankings' : ''})`,
      );
      await collect(train, TASK, teacher, 200, 0);
      await collect(test, TASK, 'oracle', 120, 1000);
      if (LABELS === 'ranking') {
        RANKING_TEST = openStore(':memory:');
        await collect(RANKING_TEST, TASK, RANKING_TEACHER, 120, 1000);
      }
    } else if (only.includes('active')) {
      await collect(test, TASK, 'oracle', 120, 1000);
    }
    if (only.includes('explicit') || only.includes('crm'))
      Object.assign(out, await explicitAndCrm(test, train, only.includes('crm')));
    if (only.includes('active')) out.active = await active(test);
    if (only.includes('ras')) out.ras = await ras(train);
    if (only.includes('implicit')) out.implicit = await implicit(train, test);
    if (only.includes('labels')) {
      const reps = Number(flag('--label-seeds') ?? 3);
      if (!Number.isInteger(reps) || reps < 1)
        throw new Error(`--label-seeds: expected a positive integer, found ${flag('--label-seeds')}`);
      const explicit = {
        rotate: taskAllowsRotation(LABEL_TASK),
        ...overrides(flag('--explicit') ?? ''),
      } as ExplicitConfigInput;
      out.labels = await labelFigures(
        flag('--label-teacher') ?? 'oracle',
        reps,
        explicit,
        TASK === LABEL_TASK ? CANDIDATES! : null,
        log,
      );
    }
  } finally {
    await CANDIDATES.free();
    train.close();
    test.close();
    RANKING_TEST?.close();
    RANKING_TEST = null;
  }
  return out;
}
