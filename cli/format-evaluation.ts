/** Human lines for a reward evaluation (issue 12): the headline first, every accuracy with n and its 95 % interval. */
import { plural } from './output.ts';
import type { Proportion, RewardEvaluation } from '../reward/models/index.ts';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** "0.812 (n = 240, 95 % CI 0.758–0.857)", or "— (n = 0)". */
export function formatProportion(p: Proportion | null): string {
  if (p === null) return '— (no teacher scores stored)';
  return p.n === 0 ? '— (n = 0)' : `${f3(p.value)} (n = ${p.n}, 95 % CI ${f3(p.ci95[0])}–${f3(p.ci95[1])})`;
}

/**
 * The evaluation as lines: labelAccuracy (headline), teacherAccuracy, returnAccuracy (diagnostic), calibration, ranks,
 * train accuracy.
 */
export function evaluationLines(ev: RewardEvaluation): string[] {
  const where =
    ev.split === 'all' ? 'every state' : `held-out episodes (${Math.round(100 * ev.fraction)} % of scene seeds)`;
  const lines = [
    `evaluated on ${where}: ${plural(ev.episodes, 'episode')}, ${plural(ev.states, 'state')}, ` +
      plural(ev.queries, 'query', 'queries'),
    `labelAccuracy   ${formatProportion(ev.labelAccuracy)}  — agreement with the stored labels; ${ev.equalLabels}` +
      ` "equal" labels not counted`,
    `teacherAccuracy ${formatProportion(ev.teacherAccuracy)}  — agreement with the teacher's noise-free preference`,
    `returnAccuracy  ${formatProportion(ev.returnAccuracy)}  — diagnostic: agreement with the task return`,
    `ECE ${f3(ev.ece)} (against the labels); Spearman ρ vs teacher score ${f3(ev.spearmanTeacher.rho)} over ` +
      `${ev.spearmanTeacher.outcomes} outcomes, vs return ${f3(ev.spearmanReturn.rho)} over ` +
      `${ev.spearmanReturn.outcomes}`,
  ];
  if (ev.trainLabelAccuracy)
    lines.push(
      `train labelAccuracy ${formatProportion(ev.trainLabelAccuracy)}; train − held-out ${f3(ev.trainMinusHeldOut)}`,
    );
  return lines;
}
