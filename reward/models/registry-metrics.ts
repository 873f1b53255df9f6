/**
 * The registry's metric keys (issue 12), written from a `RewardEvaluation` by every trainer, and
 * read back with the key older stores wrote (`heldOutAccuracy`, `heldOutPairs`) still understood.
 */
import type { JsonValue } from '../store/index.ts';
import type { RewardEvaluation } from './evaluate.ts';
import type { Proportion } from './wilson.ts';

/** Finite numbers, or null where a figure is undefined (e.g. no held-out pairs yet). */
export type RegistryMetrics = Record<string, number | null>;

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** `name`, `namePairs`, `nameLo`, `nameHi` of one proportion (all null when it is undefined). */
function flat(name: string, pairsKey: string, p: Proportion | null): RegistryMetrics {
  return {
    [name]: p ? finite(p.value) : null,
    [pairsKey]: p ? p.n : null,
    [`${name}Lo`]: p ? finite(p.ci95[0]) : null,
    [`${name}Hi`]: p ? finite(p.ci95[1]) : null,
  };
}

/**
 * The registry row of an evaluation: labelAccuracy (+ labelPairs, labelAccuracyLo/Hi: Wilson
 * 95 %), teacherAccuracy, returnAccuracy (a diagnostic), equalLabels, ece, spearmanTeacher,
 * spearmanReturn, trainLabelAccuracy, trainMinusHeldOut, heldOutEpisodes.
 */
export function registryMetrics(ev: RewardEvaluation): RegistryMetrics {
  return {
    ...flat('labelAccuracy', 'labelPairs', ev.labelAccuracy),
    ...flat('teacherAccuracy', 'teacherPairs', ev.teacherAccuracy),
    ...flat('returnAccuracy', 'returnPairs', ev.returnAccuracy),
    equalLabels: ev.equalLabels,
    ece: finite(ev.ece),
    spearmanTeacher: finite(ev.spearmanTeacher.rho),
    spearmanReturn: finite(ev.spearmanReturn.rho),
    ...flat('trainLabelAccuracy', 'trainLabelPairs', ev.trainLabelAccuracy),
    trainMinusHeldOut: finite(ev.trainMinusHeldOut),
    heldOutEpisodes: ev.episodes,
  };
}

/**
 * The label accuracy a registry row records and its pairs: `labelAccuracy` / `labelPairs`, or on
 * rows written before issue 12 `heldOutAccuracy` / `heldOutPairs` (`legacy` true: that figure may
 * be agreement with the return, not the labels, on a by-state split). Null when it has none.
 */
export function readLabelAccuracy(
  metrics: Record<string, JsonValue>,
): { value: number; n: number | null; legacy: boolean } | null {
  const num = (k: string): number | null => (typeof metrics[k] === 'number' ? (metrics[k] as number) : null);
  const value = num('labelAccuracy');
  if (value !== null) return { value, n: num('labelPairs'), legacy: false };
  const old = num('heldOutAccuracy');
  return old === null ? null : { value: old, n: num('heldOutPairs'), legacy: true };
}
