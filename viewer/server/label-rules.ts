/**
 * Which labels each flow accepts, and whether the live model's choice agrees with a label.
 * Comparisons only: the scores come from reward/ through the live model.
 */
import { labelMismatch, type Label } from '../../reward/labels/index.ts';
import type { Flow } from '../protocol/index.ts';
import type { CandidatePrediction } from './live-model/index.ts';

const KINDS: Record<Flow, readonly Label['kind'][]> = {
  pair: ['pair'],
  ranking: ['ranking'],
  triplet: ['triplet', 'triplet-equal'],
};

/** Null when `label` answers a `flow` query of `k` candidates, else why not (naming the field). */
export function labelProblem(flow: Flow, k: number, label: Label): string | null {
  if (!KINDS[flow].includes(label.kind)) {
    return `field label.kind: the ${flow} flow accepts ${KINDS[flow].join(' or ')}, found "${label.kind}"`;
  }
  if (label.kind === 'ranking' && label.order.length + label.rest.length !== k) {
    return (
      `field label.order: order and rest must list all ${k} candidates, found ` +
      `${label.order.length + label.rest.length}`
    );
  }
  const bad = labelMismatch(label, k);
  return bad === null ? null : `field label: ${bad}`;
}

/** True/false when the model's top choice matches the label's, null when the label names no winner. */
export function agrees(label: Label, p: CandidatePrediction): boolean | null {
  const top = argmax(p.scores);
  switch (label.kind) {
    case 'pair':
      if (label.winner !== 'A' && label.winner !== 'B') return null;
      return (label.winner === 'A') === (p.pA ?? (p.scores[0] > p.scores[1] ? 1 : 0)) > 0.5;
    case 'ranking':
      return label.order.length > 0 ? label.order[0] === top : null;
    case 'triplet':
      return label.best === top;
    default:
      return null;
  }
}

function argmax(a: number[]): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
