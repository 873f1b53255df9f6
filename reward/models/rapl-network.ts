/**
 * RAPL graphs (METHODS §4): the frame encoder φ (PointNet over the object's points plus an MLP on
 * the tool position, then a linear head to `embed` dims), and the triplet alignment loss through
 * the unrolled Sinkhorn plan. Also the scalar-reward baseline on the same encoder.
 */
import type { Rng } from '../../core/rng.ts';
import { type Graph, linear, mlp, type Tensor } from '../../nn/index.ts';
import type { RaplConfig } from './rapl-config.ts';
import { sinkhornGraph } from './sinkhorn-graph.ts';

/** φ: points [..., N, 3] and tool [..., 3] → embedding [..., E]. Params under `name`. */
export function frameEncoder(g: Graph, points: Tensor, tool: Tensor, cfg: RaplConfig, name: string, rng: Rng): Tensor {
  let h = points;
  const axis = points.rank - 2;
  cfg.pointSizes.forEach((out, i) => {
    h = linear(g, h, { name: `${name}.point.${i}`, out }, rng).relu(); // [..., N, C_i]
  });
  const code = h.max([axis]); // [..., C]
  const t = mlp(g, tool, { name: `${name}.tool`, sizes: cfg.toolSizes, outActivation: 'relu' }, rng); // [..., H]
  // [..., E]
  const joined = g.concat([code, t], code.rank - 1);
  return linear(g, joined, { name: `${name}.head`, out: cfg.embed, init: 'xavier' }, rng);
}

/** Rows scaled to unit length: [..., E]. */
export function unitRows(e: Tensor): Tensor {
  return e.div(
    e
      .square()
      .sum([e.rank - 1], true)
      .add(1e-8)
      .sqrt(),
  );
}

/** C_ij = 1 − cos(x_i, y_j) for x [B, T, E], y [B, T', E]: [B, T, T']. */
export function cosineCostGraph(x: Tensor, y: Tensor): Tensor {
  return unitRows(x)
    .matmul(unitRows(y).transpose([0, 2, 1]))
    .neg()
    .add(1);
}

/** C_ij = |x_i − y_j|₂ for x [B, T, E], y [B, T', E]: [B, T, T'] (1e-6 under the root keeps its gradient finite). */
export function euclideanCostGraph(x: Tensor, y: Tensor): Tensor {
  const xx = x.square().sum([2], true); // [B, T, 1]
  const yy = y.square().sum([2], true).transpose([0, 2, 1]); // [B, 1, T']
  return xx
    .add(yy)
    .sub(x.matmul(y.transpose([0, 2, 1])).mul(2))
    .relu()
    .add(1e-6)
    .sqrt();
}

/** The cost graph of `cfg.cost`. */
export function costGraph(cfg: RaplConfig, x: Tensor, y: Tensor): Tensor {
  return cfg.cost === 'euclidean' ? euclideanCostGraph(x, y) : cosineCostGraph(x, y);
}

export interface TripletGraph {
  loss: Tensor;
  /** R(pos, neu) and R(pos, neg): [B] each. */
  rNeu: Tensor;
  rNeg: Tensor;
}

/**
 * Triplet loss graph. Inputs `{pos,neu,neg}Points` [B, T, N, 3], `{pos,neu,neg}Tool` [B, T, 3],
 * `ordered` [B] (1 ordered triplet, 0 "all equal"). p = e^{R(pos,neu)} / (e^{R(pos,neu)} + e^{R(pos,neg)});
 * loss −log p (or 1 − p) on ordered triplets, (0.5 − p)² on equal ones; mean over the batch.
 */
export function buildTripletGraph(g: Graph, cfg: RaplConfig, rng: Rng): TripletGraph {
  const t = cfg.trainFrames,
    n = cfg.points;
  const phi = sharedEncoder(g, cfg, rng);
  const [ePos, eNeu, eNeg] = (['pos', 'neu', 'neg'] as const).map((w) =>
    phi(g.input(`${w}Points`, ['B', t, n, 3]), g.input(`${w}Tool`, ['B', t, 3])),
  ); // [B, T, E] each
  const ordered = g.input('ordered', ['B']);
  const rNeu = sinkhornGraph(costGraph(cfg, ePos, eNeu), cfg.eps, cfg.trainIters).reward; // [B]
  const rNeg = sinkhornGraph(costGraph(cfg, ePos, eNeg), cfg.eps, cfg.trainIters).reward; // [B]
  const d = rNeg.sub(rNeu); // log-odds against pos~neu
  const p = d.neg().sigmoid(); // [B]
  const orderedLoss = cfg.lossForm === 'log' ? d.softplus() : p.neg().add(1);
  const equalLoss = p.sub(0.5).square();
  const loss = orderedLoss
    .mul(ordered)
    .add(equalLoss.mul(ordered.neg().add(1)))
    .mean();
  return { loss, rNeu, rNeg };
}

/**
 * Scalar-reward baseline on the same encoder: r(frame) = w·φ(frame), a trajectory's reward is
 * the mean over its frames, trained Bradley–Terry on the pairs a triplet implies (the RLHF
 * baseline of RAPL's paper). Inputs `{a,b}Points` [B, T, N, 3], `{a,b}Tool` [B, T, 3], `y` [B]
 * (1: a preferred, 0.5: equal); loss −y log σ(R_a − R_b) − (1 − y) log σ(R_b − R_a).
 */
export function buildScalarPairGraph(g: Graph, cfg: RaplConfig, rng: Rng): { loss: Tensor } {
  const t = cfg.trainFrames,
    n = cfg.points;
  const phi = sharedEncoder(g, cfg, rng);
  const w = g.param(
    'scalar.w',
    [cfg.embed, 1],
    new Float32Array(cfg.embed).map(() => rng.normal() / Math.sqrt(cfg.embed)),
  );
  const ret = (which: string) =>
    phi(g.input(`${which}Points`, ['B', t, n, 3]), g.input(`${which}Tool`, ['B', t, 3]))
      .matmul(w)
      .mean([1, 2]); // [B]
  const y = g.input('y', ['B']);
  const d = ret('a').sub(ret('b')); // [B]
  return {
    loss: d
      .neg()
      .softplus()
      .mul(y)
      .add(d.softplus().mul(y.neg().add(1)))
      .mean(),
  };
}

/**
 * One encoder whose parameters are created on first use and shared by later calls (the same
 * weights embed every frame of every trajectory).
 */
export function sharedEncoder(g: Graph, cfg: RaplConfig, rng: Rng): (points: Tensor, tool: Tensor) => Tensor {
  let params: Map<string, Tensor> | null = null;
  return (points, tool) => {
    if (params === null) {
      const before = new Set(g.params().map((q) => q.name));
      const out = frameEncoder(g, points, tool, cfg, 'phi', rng);
      params = new Map(
        g
          .params()
          .filter((q) => !before.has(q.name))
          .map((q) => [q.name, g.paramByName(q.name)]),
      );
      return out;
    }
    return applyEncoder(points, tool, cfg, params);
  };
}

/** Runs φ with existing parameters (same structure as `frameEncoder`). */
function applyEncoder(points: Tensor, tool: Tensor, cfg: RaplConfig, p: Map<string, Tensor>): Tensor {
  const lin = (x: Tensor, name: string, bias = true) => {
    const y = x.matmul(p.get(`${name}.w`)!);
    return bias ? y.add(p.get(`${name}.b`)!) : y;
  };
  let h = points;
  cfg.pointSizes.forEach((_, i) => {
    h = lin(h, `phi.point.${i}`).relu();
  });
  const code = h.max([points.rank - 2]);
  let t = tool;
  cfg.toolSizes.forEach((_, i) => {
    t = lin(t, `phi.tool.${i}`).relu();
  });
  return lin(points.graph.concat([code, t], code.rank - 1), 'phi.head');
}
