/**
 * Preference-dataset export (`--format hf`, issue 18): one JSON object per line, one pairwise
 * preference each, in the prompt / chosen / rejected layout that Hugging Face `datasets` (and
 * TRL's preference trainers) read with `load_dataset("json", data_files=FILE)`.
 *
 * The pairs are the Bradley–Terry training set: the current (not undone) pair and ranking labels
 * expanded as training expands them (METHODS §3; the expert ≻ every candidate rule included).
 * Ties (y = 0.5), skips, thumbs and RAPL triplets have no chosen/rejected and are counted, not
 * written. No trailer line, so the file stays a plain dataset; it is written atomically.
 */
import { expandLabel } from '../labels/index.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { PreferenceStore } from './preference-store.ts';
import type { OutcomeRecord } from './records.ts';

/** One side of a preference: the candidate, its action and its recorded outcome. */
export interface HfSide {
  candidate: number;
  action: { primitive: string; p0: number[]; p1: number[] };
  outcome_id: number | null;
  /** Where the outcome's recorded frames are (path or blob id), or null. */
  frames: string | null;
  /** The candidate's true task return, when known. */
  return: number | null;
}

export interface HfLine {
  /** The state the candidates start from: its store id. */
  prompt: number;
  chosen: HfSide;
  rejected: HfSide;
  annotator: string;
  response_ms: number | null;
  task: string;
  scene_seed: number;
  label_id: number;
  query_id: number;
  label_kind: string;
  created_at: number;
}

/** Labels that give no chosen/rejected pair, by reason. */
export interface HfSkipped {
  ties: number;
  skips: number;
  binary: number;
  triplet: number;
}

export interface HfSummary {
  preferences: number;
  labels: number;
  skipped: HfSkipped;
}

/** Yields the hf lines of every task (oldest label first); `summary` is filled as it goes. */
export function* exportHf(store: PreferenceStore, summary: HfSummary = newSummary()): Generator<HfLine> {
  const tasks = (store.db.prepare('SELECT DISTINCT task FROM states ORDER BY task').all() as { task: string }[]).map(
    (r) => r.task,
  );
  const seeds = new Map<number, { seed: number }>();
  for (const task of tasks) {
    for (const l of store.labelsFor(task)) {
      summary.labels++;
      const q = store.getQuery(l.queryId);
      const k = l.label.kind;
      if (k === 'binary') {
        summary.skipped.binary++;
        continue;
      }
      if (k === 'triplet' || k === 'triplet-equal') {
        summary.skipped.triplet++;
        continue;
      }
      if (k === 'pair' && l.label.winner === 'skip') {
        summary.skipped.skips++;
        continue;
      }
      const outcomes = new Map<number, OutcomeRecord>(store.outcomesFor(q.id).map((o) => [o.candidate, o]));
      const side = (i: number): HfSide => {
        const o = outcomes.get(i);
        return {
          candidate: i,
          action: q.candidates[i],
          outcome_id: o?.id ?? null,
          frames: o?.framesRef ?? null,
          return: o?.return ?? null,
        };
      };
      if (!seeds.has(q.stateId)) seeds.set(q.stateId, { seed: store.getState(q.stateId).seed });
      for (const p of expandLabel(l.label, { expertIndex: q.expert ?? undefined }).pairs) {
        if (p.y === 0.5) {
          summary.skipped.ties++;
          continue;
        }
        const [win, lose] = p.y === 1 ? [p.i, p.j] : [p.j, p.i];
        summary.preferences++;
        yield {
          prompt: q.stateId,
          chosen: side(win),
          rejected: side(lose),
          annotator: l.annotator,
          response_ms: l.responseMs,
          task,
          scene_seed: seeds.get(q.stateId)!.seed,
          label_id: l.id,
          query_id: q.id,
          label_kind: k,
          created_at: l.createdAt,
        };
      }
    }
  }
}

const newSummary = (): HfSummary => ({
  preferences: 0,
  labels: 0,
  skipped: { ties: 0, skips: 0, binary: 0, triplet: 0 },
});

/** Writes `exportHf` to `file` atomically; returns what was written and what was left out. */
export function writeHfFile(store: PreferenceStore, file: string): HfSummary {
  const summary = newSummary();
  const own = !store.db.inTransaction;
  if (own) store.db.exec('BEGIN'); // one consistent snapshot, as the JSONL export
  try {
    writeFileAtomic(
      file,
      (function* () {
        for (const l of exportHf(store, summary)) yield `${JSON.stringify(l)}\n`;
      })(),
    );
  } finally {
    if (own) store.db.exec('COMMIT');
  }
  return summary;
}
