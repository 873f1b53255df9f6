/**
 * Checks a label against the query it answers (candidate count and index range).
 */
import { candidateCountFor, type Label } from './label-schema.ts';

/**
 * Returns an error message, or `null` when `label` fits a query with `k` candidates.
 * Pair needs k = 2, binary k = 1, triplets k = 3; a ranking must list every candidate
 * 0..k−1 exactly once across `order` and `rest`.
 */
export function labelMismatch(label: Label, k: number): string | null {
  const need = candidateCountFor(label.kind);
  if (need !== 'any' && need !== k) {
    return `a ${label.kind} label needs a query with ${need} candidates, found ${k}`;
  }
  if (label.kind === 'ranking') {
    const all = [...label.order, ...label.rest];
    const bad = all.find((c) => c >= k);
    if (bad !== undefined) return `field order/rest: candidate index ${bad} is out of range 0..${k - 1}`;
    if (all.length !== k) {
      return `field order/rest: expected all ${k} candidates listed once, found ${all.length}`;
    }
  }
  if (label.kind === 'triplet') {
    for (const f of ['best', 'middle', 'worst'] as const) {
      if (label[f] >= k) return `field ${f}: candidate index ${label[f]} is out of range 0..${k - 1}`;
    }
  }
  return null;
}
