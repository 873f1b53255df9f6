/**
 * The reward model's reliability diagram for the evaluation report (issue 7): the learned reward a
 * RAS method used, evaluated on the held-out labelled states of the store it came from.
 */
import { existsSync } from 'node:fs';
import { defaultDbPath, evaluateOnStore, openStore } from '../../reward/index.ts';
import type { ReliabilitySection } from './report-html.ts';
import { openJobReward } from './learned-methods.ts';
import { fixed } from './report/format.ts';

/** Reward methods whose model predicts P(A ≻ B), in the order the report prefers them. */
const PAIRWISE_REWARDS = ['explicit', 'implicit'] as const;

/**
 * Reliability of the first pairwise reward method in `methods` on the store's held-out states of
 * `task`, or a caption saying why there is none. Null when no pairwise reward method ran.
 */
export async function reportReliability(
  task: string,
  methods: readonly string[],
  models: Record<string, string>,
): Promise<ReliabilitySection | null> {
  const kind = PAIRWISE_REWARDS.find((k) => methods.includes(k));
  if (!kind) return null;
  const db = models.db ?? defaultDbPath();
  if (!existsSync(db))
    return {
      bins: null,
      caption: `No reliability diagram: no preference store at ${db} to take held-out labels from.`,
    };
  const model = await openJobReward({ task, seed: 0, method: kind, models, candidates: 8 }, kind);
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore({ path: db, readonly: true });
    const ev = await evaluateOnStore(model, store, task, { train: false });
    const pairs = ev.reliability.reduce((n, b) => n + b.count, 0) / 2; // both orientations of each pair
    if (pairs === 0)
      return { bins: null, caption: `No reliability diagram: ${db} holds no held-out ${task} pair or ranking labels.` };
    const { value, n, ci95 } = ev.labelAccuracy;
    // Equal labels have no right side: they enter the diagram and ECE (observed ½), not the accuracy.
    const equal =
      ev.equalLabels > 0
        ? `; ${ev.equalLabels} equal label${ev.equalLabels === 1 ? '' : 's'} in the diagram and ECE only`
        : '';
    return {
      bins: ev.reliability,
      caption:
        `${kind} reward ${model.id} on ${pairs} held-out pairs of ${db} (against the labels): ` +
        `label accuracy ${fixed(value)} ` +
        `(n = ${n}, 95 % CI ${fixed(ci95[0])}–${fixed(ci95[1])}${equal}), ECE ${fixed(ev.ece)}.`,
    };
  } finally {
    store?.close();
    await model.free();
  }
}
