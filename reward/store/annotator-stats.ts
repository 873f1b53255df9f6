/**
 * Annotator quality from the store's current labels (issue 16, item 4), per annotator of a task:
 *
 * - `gold`: agreement with known answers. A candidate pair is a known-answer ("gold") pair when the
 *   task metric of its two outcomes differs by at least `margin`; the answer is the higher metric.
 *   Every such pair counts, whether the server planted it (`serve --gold-rate`) or it came up by
 *   chance, so the figure is reproducible from the store alone. "Equal" on a gold pair is a miss.
 * - `others`: agreement with other annotators on the same candidate pairs (each annotator's first
 *   current label of a query), counted once per (other annotator, pair).
 * - `self`: agreement of an annotator's later labels of a query with their first one (the server
 *   repeats queries at `serve --repeat-rate`).
 * - `labelsPerHour`: labels over the time spent on them (sum of response times), with the labels n;
 *   `medianResponseMs` with a distribution-free 95 % interval (binomial order statistics).
 *
 * Labels are compared as preferences over candidate pairs: pair → (0, 1); ranking → its expansion;
 * triplet → best ≻ middle ≻ worst; binary → thumbs on candidate 0. Skips say nothing and are left
 * out. Retracted (undone) labels are left out: a relabel is the annotator's answer.
 * Every agreement is a `Proportion`: value, n and its Wilson 95 % interval.
 */
import type { Label } from '../labels/index.ts';
import { expandRanking } from '../labels/index.ts';
// The pure interval file alone: store sits below models, and this file needs only the arithmetic.
import { proportion, type Proportion } from '../models/wilson.ts';
import type { PreferenceStore } from './preference-store.ts';

export interface AnnotatorStatsOptions {
  task: string;
  /** Outcome metric a gold pair's answer is read from (the task's reward metric; higher is better). */
  metric: string;
  /** Metric difference from which a pair's answer counts as known (units of the metric). */
  margin: number;
}

export interface AnnotatorStats {
  annotator: string;
  /** Current labels (undone ones excluded). */
  labels: number;
  /** Labels of this annotator later retracted (undo): the history the store keeps. */
  retracted: number;
  gold: Proportion;
  others: Proportion;
  self: Proportion;
  /** Labels per hour of labelling time (sum of response times); null when no label has one. */
  labelsPerHour: number | null;
  /** Labels with a response time: the n behind `labelsPerHour` and the median. */
  timedLabels: number;
  medianResponseMs: number | null;
  /** Distribution-free 95 % interval of the median, ms ([NaN, NaN] under 6 timed labels). */
  medianResponseCi95: [number, number];
}

export interface AnnotatorReport {
  task: string;
  metric: string;
  margin: number;
  annotators: AnnotatorStats[];
}

/** Preference of candidate i over j (i < j) keyed "i:j": 1, 0 or ½; binary thumbs keyed "good:i". */
type Prefs = Map<string, number>;

/** A label as preferences over candidate pairs; a skip gives none. */
export function labelPreferences(label: Label): Prefs {
  const out: Prefs = new Map();
  const put = (i: number, j: number, y: number) => {
    if (i < j) out.set(`${i}:${j}`, y);
    else out.set(`${j}:${i}`, y === 0.5 ? 0.5 : 1 - y);
  };
  switch (label.kind) {
    case 'pair':
      if (label.winner !== 'skip') put(0, 1, label.winner === 'A' ? 1 : label.winner === 'B' ? 0 : 0.5);
      break;
    case 'ranking':
      for (const p of expandRanking(label)) put(p.i, p.j, p.y);
      break;
    case 'triplet':
      put(label.best, label.middle, 1);
      put(label.middle, label.worst, 1);
      put(label.best, label.worst, 1);
      break;
    case 'triplet-equal':
      put(0, 1, 0.5);
      put(1, 2, 0.5);
      put(0, 2, 0.5);
      break;
    case 'binary':
      out.set('good:0', label.good ? 1 : 0);
      break;
  }
  return out;
}

interface Tally {
  k: number;
  n: number;
}
const tally = (): Tally => ({ k: 0, n: 0 });
function count(t: Tally, agree: boolean): void {
  t.n++;
  if (agree) t.k++;
}

/** Compares two preference maps on their common keys into `t`. */
function compare(t: Tally, a: Prefs, b: Prefs): void {
  for (const [key, y] of a) {
    const z = b.get(key);
    if (z !== undefined) count(t, z === y);
  }
}

/** Median of sorted `xs` and its distribution-free 95 % interval (order statistics, normal approximation). */
export function medianWithInterval(sorted: number[]): { median: number | null; ci95: [number, number] } {
  const n = sorted.length;
  if (n === 0) return { median: null, ci95: [NaN, NaN] };
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  // 1-based ranks n/2 − 0.98 √n and 1 + n/2 + 0.98 √n bound the median with ≥ 95 % coverage
  // (Conover, Practical Nonparametric Statistics, §3.2); too few points: no interval.
  const half = 0.98 * Math.sqrt(n);
  const lo = Math.floor(n / 2 - half),
    hi = Math.ceil(1 + n / 2 + half);
  if (lo < 1 || hi > n) return { median, ci95: [NaN, NaN] };
  return { median, ci95: [sorted[lo - 1], sorted[hi - 1]] };
}

/** Per-annotator quality of one task's labels, annotators sorted by name. */
export function annotatorStats(store: PreferenceStore, opts: AnnotatorStatsOptions): AnnotatorReport {
  if (!(opts.margin >= 0)) {
    throw new Error(`annotatorStats: field margin: expected a number ≥ 0, found ${opts.margin}`);
  }
  const current = store.labelsFor(opts.task);
  const all = store.labelsFor(opts.task, { history: true });
  const currentIds = new Set(current.map((l) => l.id));
  const metricOf = new Map<number, (number | null)[]>();
  const metrics = (queryId: number): (number | null)[] => {
    let m = metricOf.get(queryId);
    if (!m) {
      m = [];
      for (const o of store.outcomesFor(queryId)) {
        const v = o.metrics[opts.metric];
        m[o.candidate] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      }
      metricOf.set(queryId, m);
    }
    return m;
  };
  const names = [...new Set(all.map((l) => l.annotator))].sort();
  const per = new Map(
    names.map((a) => [
      a,
      {
        labels: 0,
        retracted: 0,
        gold: tally(),
        others: tally(),
        self: tally(),
        times: [] as number[],
      },
    ]),
  );
  for (const l of all) if (!currentIds.has(l.id)) per.get(l.annotator)!.retracted++;
  // First current label of each (query, annotator), and that annotator's later ones.
  const byQuery = new Map<number, Map<string, Prefs[]>>();
  for (const l of current) {
    const s = per.get(l.annotator)!;
    s.labels++;
    if (l.responseMs !== null && l.responseMs > 0) s.times.push(l.responseMs);
    const prefs = labelPreferences(l.label);
    const m = metrics(l.queryId);
    for (const [key, y] of prefs) {
      if (key.startsWith('good:')) continue;
      const [i, j] = key.split(':').map(Number);
      const mi = m[i],
        mj = m[j];
      if (mi == null || mj == null || Math.abs(mi - mj) < opts.margin) continue;
      count(s.gold, y === (mi > mj ? 1 : 0));
    }
    let q = byQuery.get(l.queryId);
    if (!q) byQuery.set(l.queryId, (q = new Map()));
    const mine = q.get(l.annotator);
    if (mine) mine.push(prefs);
    else q.set(l.annotator, [prefs]);
  }
  for (const q of byQuery.values()) {
    for (const [a, labels] of q) {
      const s = per.get(a)!;
      for (const later of labels.slice(1)) compare(s.self, later, labels[0]);
      for (const [b, theirs] of q) if (b !== a) compare(s.others, labels[0], theirs[0]);
    }
  }
  return {
    task: opts.task,
    metric: opts.metric,
    margin: opts.margin,
    annotators: names.map((annotator) => {
      const s = per.get(annotator)!;
      const spentMs = s.times.reduce((a, b) => a + b, 0);
      const med = medianWithInterval([...s.times].sort((a, b) => a - b));
      return {
        annotator,
        labels: s.labels,
        retracted: s.retracted,
        gold: proportion(s.gold.k, s.gold.n),
        others: proportion(s.others.k, s.others.n),
        self: proportion(s.self.k, s.self.n),
        labelsPerHour: spentMs > 0 ? (3_600_000 * s.times.length) / spentMs : null,
        timedLabels: s.times.length,
        medianResponseMs: med.median,
        medianResponseCi95: med.ci95,
      };
    }),
  };
}
