import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { makeInferenceModel, type InferenceModel, type TensorData } from '../../nn/index.ts';
import { buildEncoderGraph, condWidth, NetworkConfigSchema, observationCode } from '../../policy/index.ts';
import type { Observation } from '../../sim/index.ts';
import { TINY_NET } from './fixtures.ts';

const open: InferenceModel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.free()));
});

function observation(seed: number, center: [number, number, number] = [0.1, -0.2, 0]): Observation {
  const rng = makeRng(seed);
  return { points: new Float32Array(24 * 3).map(() => rng.uniform(-1, 1)), center, scale: 0.2 };
}

async function encoder(originInput: boolean) {
  const network = NetworkConfigSchema.parse({ ...TINY_NET, originInput });
  const m = await makeInferenceModel(buildEncoderGraph(network));
  open.push(m);
  return { m, network };
}

/** The code's numbers (it is always float32). */
const values = (t: TensorData) => Array.from(t.data as Float32Array);

describe('observationCode', () => {
  test('one code per observation, repeated on every one of the N rows', async () => {
    const { m, network } = await encoder(true);
    const dc = condWidth(network);
    const code = await observationCode(m, network, observation(1), 5);
    expect(code.shape).toEqual([5, dc]);
    const rows = Array.from({ length: 5 }, (_, k) => values(code).slice(k * dc, (k + 1) * dc));
    for (const r of rows) expect(r).toEqual(rows[0]);
    const other = await observationCode(m, network, observation(2), 1);
    expect(values(other)).not.toEqual(rows[0]);
  });

  test('the world origin reaches the code only when the network takes it', async () => {
    for (const originInput of [true, false]) {
      const { m, network } = await encoder(originInput);
      const a = await observationCode(m, network, observation(1, [0, 0, 0]), 1);
      const b = await observationCode(m, network, observation(1, [0.3, 0.1, 0]), 1);
      if (originInput) expect(values(a)).not.toEqual(values(b));
      else expect(values(a)).toEqual(values(b));
    }
  });
});
