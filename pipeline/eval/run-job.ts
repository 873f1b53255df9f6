import { initPhysics, loadTask, runEpisode, Scene } from '../../sim/index.ts';
import { EvalJobSchema, type EvalJobInput, type EvalResult } from './job.ts';
import { episodeExtras } from './extras.ts';
import { METHODS, diversityOf } from './methods.ts';

/** Runs one evaluation job in this thread: a seeded episode of the method on the task. */
export async function runEvalJob(input: EvalJobInput): Promise<EvalResult> {
  const job = EvalJobSchema.parse(input);
  const task = await loadTask(job.task);
  const factory = METHODS[job.method];
  if (!factory) throw new Error(`method: unknown method "${job.method}"; accepted: ${Object.keys(METHODS).join(', ')}`);
  await initPhysics();
  const method = await factory(job);
  const scene = Scene.create(task, job.seed);
  try {
    const limit = job.steps ?? task.maxSteps;
    let decisionMs = 0,
      diversity = NaN;
    const timed = async (s: Scene, rng: Parameters<typeof method.act>[1]) => {
      const t0 = performance.now();
      const a = await method.act(s, rng);
      decisionMs += performance.now() - t0;
      if (Number.isNaN(diversity)) diversity = diversityOf(method.lastCandidates(), job.seed);
      return a;
    };
    const r = await runEpisode(scene, timed, { steps: limit, actorSeed: job.seed });
    const m = task.rewardMetric;
    const curve = [r.start[m], ...r.steps.map((s) => s.metrics[m])];
    while (curve.length < limit + 1) curve.push(curve[curve.length - 1]);
    return {
      task: job.task,
      seed: job.seed,
      method: job.method,
      curve,
      final: curve[curve.length - 1],
      success: r.success,
      stepsToSuccess: r.stepsToSuccess,
      diversity,
      decisions: r.steps.length,
      decisionMs,
      extra: { ...episodeExtras(task.keepOut, r.steps), ...method.extra?.() },
    };
  } finally {
    scene.free();
    await method.free();
  }
}
