/**
 * CSV export: one row per label, every revision included (issue 18), for spreadsheets and pandas.
 * Columns (CSV_COLUMNS, documented in reward/store/README.md); RFC 4180 quoting; times in ms
 * since the Unix epoch; empty cell = null. Written atomically like the JSONL export.
 */
import { writeFileAtomic } from './atomic-file.ts';
import type { PreferenceStore } from './preference-store.ts';

export const CSV_COLUMNS = [
  'label_id',
  'task',
  'state_id',
  'scene_seed',
  'query_id',
  'candidates',
  'selector',
  'expert',
  'kind',
  'label',
  'annotator',
  'response_ms',
  'created_at',
  'revises',
  'retracted_at',
  'live_models',
] as const;

/** A cell: quoted when it holds a comma, quote, or line break (RFC 4180); null → empty. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface LabelJoin {
  label_id: number;
  task: string;
  state_id: number;
  scene_seed: number;
  query_id: number;
  candidates: string;
  selector: string;
  expert: number | null;
  kind: string;
  label: string;
  annotator: string;
  response_ms: number | null;
  created_at: number;
  revises: number | null;
  retracted_at: number | null;
  live_models: string | null;
}

/** Yields the header and one line per label (oldest first), each without its newline. */
export function* exportCsv(store: PreferenceStore): Generator<string> {
  yield CSV_COLUMNS.join(',');
  const rows = store.db
    .prepare(
      'SELECT l.id AS label_id, s.task, s.id AS state_id, s.seed AS scene_seed, ' +
        'q.id AS query_id, q.candidates, q.selector, q.expert, ' +
        'l.kind, l.payload AS label, l.annotator, l.response_ms, l.created_at, l.revises, l.retracted_at, ' +
        "(SELECT group_concat(model_id, ' ') FROM " +
        '(SELECT model_id FROM label_models WHERE label_id = l.id ORDER BY model_id)) AS live_models ' +
        'FROM labels l JOIN queries q ON q.id = l.query_id JOIN states s ON s.id = q.state_id ORDER BY l.id',
    )
    .iterate() as Iterable<LabelJoin>;
  for (const r of rows) {
    const candidates = (JSON.parse(r.candidates) as unknown[]).length;
    yield CSV_COLUMNS.map((c) => csvCell(c === 'candidates' ? candidates : r[c])).join(',');
  }
}

/** Writes `exportCsv` to `file` atomically; returns the number of label rows. */
export function writeCsvFile(store: PreferenceStore, file: string): { labels: number } {
  let labels = -1; // the header is not a label
  writeFileAtomic(
    file,
    (function* () {
      for (const l of exportCsv(store)) {
        labels++;
        yield `${l}\r\n`;
      }
    })(),
  );
  return { labels };
}
