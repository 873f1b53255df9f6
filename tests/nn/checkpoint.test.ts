import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import {
  batchStream,
  checkpointBytes,
  encodeModel,
  gatherRows,
  Graph,
  hashData,
  inferenceSpec,
  loadCheckpoint,
  makeTrainer,
  mlp,
  mseLoss,
  openModel,
  restoreOptimizer,
  restoreParams,
  saveCheckpoint,
  signatureOf,
  tensor,
  type Feeds,
  type InferenceModel,
  type Trainer,
} from '../../nn/index.ts';
import { sinData } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const owners: (Trainer | InferenceModel)[] = [];
afterEach(async () => {
  await Promise.all(owners.splice(0).map((o) => o.free()));
});

const ARCH = { kind: 'sin-mlp', sizes: [16, 16, 1], activation: 'tanh' } as const;

/** Rebuilds the same architecture from its config (what a resuming caller does). */
function build(seed: number) {
  const g = new Graph();
  const x = g.input('x', ['B', 1]);
  const y = g.input('y', ['B', 1]);
  const pred = mlp(g, x, { name: 'net', sizes: [...ARCH.sizes], activation: ARCH.activation }, makeRng(seed));
  g.output('pred', pred);
  return { g, pred, loss: mseLoss(pred, y) };
}

const data = sinData(256, makeRng(11));
function* feedsStream(seed: number): Generator<Feeds, never> {
  const batches = batchStream(256, 32, makeRng(seed));
  for (;;) {
    const idx = batches.next().value as Int32Array;
    yield {
      x: tensor(gatherRows(data.x, 1, idx), [idx.length, 1]),
      y: tensor(gatherRows(data.y, 1, idx), [idx.length, 1]),
    };
  }
}

async function trained(steps: number) {
  const m = build(1);
  const trainer = await makeTrainer(m.g, {
    loss: m.loss,
    outputs: { pred: m.pred },
    optimizer: { kind: 'adamw', lr: 1e-2, weightDecay: 1e-3 },
  });
  owners.push(trainer);
  const feeds = feedsStream(2);
  for (let s = 0; s < steps; s++) await trainer.step(feeds.next().value);
  return { ...m, trainer, feeds };
}

describe('checkpoints', () => {
  test('an exported model in a fresh session gives the outputs seen during training', async () => {
    const { g, trainer } = await trained(50);
    const path = join(dir, 'sin.onnx');
    saveCheckpoint(path, g, {
      info: { architecture: { ...ARCH }, dataHash: hashData(data.x, data.y), metrics: { loss: 0.01 } },
    });
    const model = await openModel(path, { expect: signatureOf(g) });
    owners.push(model);
    const x = tensor(data.x.subarray(0, 100), [100, 1]);
    const during = await trainer.evaluate({ x, y: tensor(data.y.subarray(0, 100), [100, 1]) });
    const after = await model.run({ x });
    const a = during.outputs.pred.data as Float32Array,
      b = after.pred.data as Float32Array;
    expect(after.pred.shape).toEqual([100, 1]);
    let worst = 0;
    for (let i = 0; i < 100; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  test('metadata and parameters round-trip', async () => {
    const { g } = await trained(5);
    const bytes = checkpointBytes(g, {
      info: { architecture: { ...ARCH }, training: { seed: 1, batch: 32 }, dataHash: 'abc', metrics: { loss: 0.5 } },
    });
    const ck = loadCheckpoint(bytes);
    expect(ck.meta.architecture).toEqual({ ...ARCH, sizes: [16, 16, 1] });
    expect(ck.meta.training).toEqual({ seed: 1, batch: 32 });
    expect(ck.meta.metrics).toEqual({ loss: 0.5 });
    expect(ck.meta.optimizer).toBeNull();
    expect([...ck.params.keys()].sort()).toEqual(
      g
        .params()
        .map((p) => p.name)
        .sort(),
    );
    const fresh = build(99).g;
    restoreParams(fresh, ck);
    expect(fresh.params().map((p) => p.data)).toEqual(g.params().map((p) => p.data));
  });

  test('a run resumed from a checkpoint continues exactly like the uninterrupted run', async () => {
    const { g, trainer, feeds } = await trained(20);
    const bytes = checkpointBytes(g, { info: { architecture: { ...ARCH } }, trainer });
    const next = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => feeds.next().value);
    const uninterrupted: number[] = [];
    for (const f of next) uninterrupted.push((await trainer.step(f)).loss);

    const ck = loadCheckpoint(bytes);
    expect(ck.meta.optimizer?.step).toBe(20);
    const m = build(123); // different init: everything must come from the checkpoint
    restoreParams(m.g, ck);
    const resumed = await makeTrainer(m.g, { loss: m.loss, optimizer: ck.meta.optimizer?.config });
    owners.push(resumed);
    restoreOptimizer(resumed, ck);
    const again: number[] = [];
    for (const f of next) again.push((await resumed.step(f)).loss);
    expect(again).toEqual(uninterrupted);
  });

  test('a truncated file is refused', async () => {
    const { g } = await trained(1);
    const bytes = checkpointBytes(g, { info: { architecture: {} } });
    const path = join(dir, 'trunc.onnx');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(() => loadCheckpoint(path)).toThrow(/trunc\.onnx: .*(truncated or corrupt|no graph|no 'prefsim' entry)/);
    await expect(openModel(path)).rejects.toThrow(/trunc\.onnx/);
  });

  test('corrupted parameter bytes fail the hash check', async () => {
    const { g } = await trained(1);
    const bytes = checkpointBytes(g, { info: { architecture: {} } }).slice();
    const w = g.params()[0].data;
    const needle = new Uint8Array(w.buffer, w.byteOffset, 16);
    const at = Buffer.from(bytes).indexOf(Buffer.from(needle));
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] ^= 0x40;
    expect(() => loadCheckpoint(bytes)).toThrowErrorMatchingInlineSnapshot(
      `[Error: checkpoint: parameter data does not match its recorded sha256 (file corrupt)]`,
    );
  });

  test('garbage and empty files get clear errors', () => {
    const path = join(dir, 'empty.onnx');
    writeFileSync(path, new Uint8Array(0));
    expect(() => loadCheckpoint(path)).toThrow(/empty\.onnx: empty file/);
    expect(() => loadCheckpoint(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x42]))).toThrow(
      /not a valid ONNX ModelProto \(truncated or corrupt\)/,
    );
    expect(() => loadCheckpoint(join(dir, 'missing.onnx'))).toThrow(/missing\.onnx: cannot read/);
  });

  test('a model without prefsim metadata opens but is not a checkpoint', async () => {
    const { g } = await trained(1);
    const plain = encodeModel(inferenceSpec(g));
    expect(() => loadCheckpoint(plain)).toThrow(/no 'prefsim' entry in metadata_props/);
    const m = await openModel(plain);
    owners.push(m);
    expect(m.inputs.map((i) => i.name)).toEqual(['x']);
  });

  test('a wrong signature names expected and found inputs and outputs', async () => {
    const { g } = await trained(1);
    const bytes = checkpointBytes(g, { info: { architecture: {} } });
    const other = new Graph();
    other.output('score', mlp(other, other.input('obs', ['B', 3]), { name: 'o', sizes: [1] }, makeRng(1)));
    expect(() => loadCheckpoint(bytes, signatureOf(other))).toThrowErrorMatchingInlineSnapshot(
      `[Error: checkpoint: wrong model signature: missing input obs: float32[B,3]; unexpected input x: ` +
        `float32[B,1]; missing output score: float32[B,1]; unexpected output pred: float32[B,1]. Expected inputs ` +
        `{obs: float32[B,3]} outputs {score: float32[B,1]}; found inputs {x: float32[B,1]} outputs {pred: ` +
        `float32[B,1]}]`,
    );
    const wide = new Graph();
    wide.output('pred', mlp(wide, wide.input('x', ['B', 2]), { name: 'w', sizes: [1] }, makeRng(1)));
    await expect(openModel(bytes, { expect: signatureOf(wide) })).rejects.toThrow(
      /input 'x': expected x: float32\[B,2\], found x: float32\[B,1\]/,
    );
  });

  test('the saved file is readable as plain bytes by the same loader', () => {
    const path = join(dir, 'sin.onnx');
    const ck = loadCheckpoint(new Uint8Array(readFileSync(path)));
    expect(ck.meta.dataHash).toBe(hashData(data.x, data.y));
    expect(ck.meta.metrics.loss).toBe(0.01);
  });
});
