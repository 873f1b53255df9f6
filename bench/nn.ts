/**
 * `npm run bench -- nn [--quick]`: nn/ training and inference speed, one intra-op thread.
 * Every figure is a median over several runs with min/max (bench/stats.ts).
 * - train: steps/s for an MLP 64-256-256-1 (ReLU), batch 256, Adam, MSE — ours (ORT forward+backward
 *   graph + Adam in TypeScript) vs @tensorflow/tfjs on the wasm backend; speedup = ours ÷ tfjs.
 * - overhead: share of a training step spent outside the ORT run (feeds, checks, Adam).
 * - forward: latency (ms) of a 3-layer 256-wide MLP (256→256→256→256) at batch 8 and 1600.
 * - pointnet: latency (ms) of a PointNet encoder (64-128-256, proj 256) on 1024 points, batch 1 and 8.
 */
import * as ort from 'onnxruntime-node';
import { makeRng, type Rng } from '../core/rng.ts';
import {
  encodeModel,
  Graph,
  InferenceModel,
  inferenceSpec,
  makeTrainer,
  mlp,
  mseLoss,
  pointNetEncoder,
  tensor,
  trainingSpec,
} from '../nn/index.ts';
import { createSession } from '../nn/runtime/session.ts';
import { summarize, timeRuns, type Summary } from './stats.ts';

const randn = (n: number, rng: Rng) => new Float32Array(n).map(() => rng.normal());

/** Runs `fn` `steps` times per run and returns steps/s over `runs` runs. */
async function stepsPerSecond(fn: () => Promise<unknown>, steps: number, runs: number): Promise<Summary> {
  for (let i = 0; i < Math.min(20, steps); i++) await fn();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await fn();
    rates.push((steps * 1000) / (performance.now() - t0));
  }
  return summarize(rates);
}

function buildMlp(rng: Rng) {
  const g = new Graph();
  const x = g.input('x', ['B', 64]);
  const y = g.input('y', ['B', 1]);
  const pred = mlp(g, x, { name: 'm', sizes: [256, 256, 1], activation: 'relu' }, rng);
  return { g, loss: mseLoss(pred, y) };
}

async function oursTraining(steps: number, runs: number) {
  const rng = makeRng(1);
  const { g, loss } = buildMlp(rng);
  const feeds = { x: tensor(randn(256 * 64, rng), [256, 64]), y: tensor(randn(256, rng), [256, 1]) };
  const trainer = await makeTrainer(g, { loss, optimizer: { lr: 1e-3 }, threads: 1 });
  // The same training graph in a bare session, gradients written into pre-allocated buffers as
  // the trainer does: the ORT run alone, for the overhead figure.
  const ts = trainingSpec(
    g,
    loss,
    g.params().map((p) => g.paramByName(p.name)),
  );
  const raw = await createSession(encodeModel(ts.spec), { threads: 1 });
  try {
    const rawFeeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', feeds.x.data as Float32Array, [256, 64]),
      y: new ort.Tensor('float32', feeds.y.data as Float32Array, [256, 1]),
    };
    const fetches: Record<string, ort.Tensor | null> = { loss: null };
    for (const p of g.params()) {
      rawFeeds[p.name] = new ort.Tensor('float32', p.data.slice(), p.shape);
      fetches[`grad:${p.name}`] = new ort.Tensor('float32', new Float32Array(p.data.length), p.shape);
    }
    const step = () => trainer.step(feeds),
      run = () => raw.run(rawFeeds, fetches);
    for (let i = 0; i < 20; i++) await step(), await run();
    const stepRates: number[] = [],
      runRates: number[] = [],
      overheads: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Interleaved, so both see the same machine load.
      let t0 = performance.now();
      for (let i = 0; i < steps; i++) await step();
      const tStep = performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < steps; i++) await run();
      const tRun = performance.now() - t0;
      stepRates.push((steps * 1000) / tStep);
      runRates.push((steps * 1000) / tRun);
      overheads.push(1 - tRun / tStep);
    }
    return {
      stepRate: summarize(stepRates),
      runRate: summarize(runRates),
      overhead: summarize(overheads),
      params: g.paramCount(),
    };
  } finally {
    await Promise.all([trainer.free(), raw.release()]);
  }
}

async function tfjsTraining(steps: number, runs: number): Promise<Summary & { backend: string }> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount?.(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const rng = makeRng(1);
  const init = (fanIn: number, fanOut: number) => {
    const b = Math.sqrt(6 / fanIn);
    return tf.variable(
      tf.tensor2d(
        new Float32Array(fanIn * fanOut).map(() => rng.uniform(-b, b)),
        [fanIn, fanOut],
      ),
    );
  };
  const ws = [init(64, 256), init(256, 256), init(256, 1)];
  const bs = [256, 256, 1].map((n) => tf.variable(tf.zeros([n])));
  const x = tf.tensor2d(randn(256 * 64, rng), [256, 64]);
  const y = tf.tensor2d(randn(256, rng), [256, 1]);
  const opt = tf.train.adam(1e-3);
  const step = async () => {
    const l = opt.minimize(() => {
      let h: import('@tensorflow/tfjs').Tensor = x;
      for (let i = 0; i < 3; i++) {
        h = tf.add(tf.matMul(h as import('@tensorflow/tfjs').Tensor2D, ws[i]), bs[i]);
        if (i < 2) h = tf.relu(h);
      }
      return tf.mean(tf.square(tf.sub(h, y))) as import('@tensorflow/tfjs').Scalar;
    }, true);
    await l?.data(); // wait for the step, like ours returns the loss
    l?.dispose();
  };
  try {
    return { ...(await stepsPerSecond(step, steps, runs)), backend: tf.getBackend() };
  } finally {
    tf.disposeVariables();
    x.dispose();
    y.dispose();
    opt.dispose();
  }
}

async function latency(
  build: (g: Graph, rng: Rng) => void,
  feedsFor: (rng: Rng) => Record<string, ReturnType<typeof tensor>>,
  runs: number,
): Promise<Summary> {
  const rng = makeRng(2);
  const g = new Graph();
  build(g, rng);
  const spec = inferenceSpec(g);
  const model = await InferenceModel.create(encodeModel(spec), spec.inputs, spec.outputs, { threads: 1 });
  try {
    const feeds = feedsFor(rng);
    return await timeRuns(() => model.run(feeds), runs, 5);
  } finally {
    await model.free();
  }
}

const mlp3 = (batch: number, runs: number) =>
  latency(
    (g, rng) => g.output('y', mlp(g, g.input('x', ['B', 256]), { name: 'f', sizes: [256, 256, 256] }, rng)),
    (rng) => ({ x: tensor(randn(batch * 256, rng), [batch, 256]) }),
    runs,
  );

const pointnet = (batch: number, runs: number) =>
  latency(
    (g, rng) =>
      g.output(
        'code',
        pointNetEncoder(g, g.input('points', ['B', 'N', 3]), { name: 'pn', sizes: [64, 128, 256], out: 256 }, rng),
      ),
    (rng) => ({ points: tensor(randn(batch * 1024 * 3, rng), [batch, 1024, 3]) }),
    runs,
  );

export default async function bench(args: string[]): Promise<object> {
  const quick = args.includes('--quick');
  const t0 = performance.now();
  const ours = await oursTraining(quick ? 50 : 300, quick ? 3 : 9);
  const tfjs = await tfjsTraining(quick ? 5 : 15, quick ? 3 : 5);
  const result = {
    bench: 'nn',
    threads: 1,
    train_mlp_64_256_256_1_b256_adam: {
      ours_steps_per_s: ours.stepRate,
      ort_run_only_steps_per_s: ours.runRate,
      tfjs_wasm_steps_per_s: { median: tfjs.median, min: tfjs.min, max: tfjs.max, runs: tfjs.runs },
      tfjs_backend: tfjs.backend,
      speedup: ours.stepRate.median / tfjs.median,
      speedup_target: 10,
      step_overhead_fraction: ours.overhead,
      step_overhead_target: 0.15,
      params: ours.params,
    },
    forward_mlp3x256_ms: { batch8: await mlp3(8, quick ? 20 : 200), batch1600: await mlp3(1600, quick ? 5 : 30) },
    pointnet_1024pts_ms: { batch1: await pointnet(1, quick ? 5 : 40), batch8: await pointnet(8, quick ? 3 : 15) },
    wall_s: 0,
  };
  result.wall_s = (performance.now() - t0) / 1000;
  return result;
}
