/** Scalar losses composed from primitive ops. All return a [] tensor averaged over the batch. */
import type { Tensor } from './graph/graph.ts';

/** Mean squared error: mean((pred − target)²). */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  return pred.sub(target).square().mean();
}

/**
 * Binary cross-entropy on logits, stable form: mean(softplus(z) − y·z). Targets y in [0, 1]
 * (0.5 for "equal" preferences).
 */
export function bceWithLogits(logits: Tensor, target: Tensor): Tensor {
  return logits.softplus().sub(target.mul(logits)).mean();
}

/** Cross-entropy of [B, K] logits against [B, K] one-hot (or soft) targets. */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor): Tensor {
  return target.mul(logits.logSoftmax(-1)).sum([-1]).mean().neg();
}

/**
 * Bradley–Terry preference loss: P(A ≻ B) = σ(rA − rB), BCE against y ∈ {1, 0, 0.5}.
 * METHODS.md §4 (explicit reward).
 */
export function bradleyTerryLoss(rA: Tensor, rB: Tensor, y: Tensor): Tensor {
  return bceWithLogits(rA.sub(rB), y);
}
