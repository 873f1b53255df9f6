/**
 * Lossless JSONL export of a whole store (format: jsonl-schema.ts; reward/store/README.md),
 * ending in a trailer of row counts and a sha256 (jsonl-trailer.ts).
 */
import { writeFileAtomic } from './atomic-file.ts';
import { TrailerBuilder, type Trailer } from './jsonl-trailer.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { JSONL_FORMAT, toBase64, type JsonlLine } from './jsonl-schema.ts';
import { ModelRow, RunRow, parseRow } from './rows.ts';
import type { StoreRows } from './store-rows.ts';
import type { ModelRecord } from './records.ts';

type Row = Record<string, unknown>;

/** Models ordered so that every parent precedes its children. */
function parentsFirst(models: ModelRecord[]): ModelRecord[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  const out: ModelRecord[] = [];
  const done = new Set<string>();
  const visit = (m: ModelRecord, depth: number): void => {
    if (done.has(m.id) || depth > models.length) return;
    const p = m.parent === null ? undefined : byId.get(m.parent);
    if (p !== undefined) visit(p, depth + 1);
    done.add(m.id);
    out.push(m);
  };
  for (const m of models) visit(m, 0);
  return out;
}

/**
 * Yields the store's rows as JSONL lines (no trailing newlines), the trailer last. Every row is
 * validated on the way. Reads run in one transaction, so the export is one consistent snapshot.
 */
export function* exportJsonl(store: StoreRows): Generator<string> {
  const db = store.db;
  const trailer = new TrailerBuilder();
  const line = (o: JsonlLine): string => {
    const text = JSON.stringify(o);
    trailer.add(text, o.type);
    return text;
  };
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    yield* rows(store, line);
  } finally {
    if (own) db.exec('COMMIT');
  }
  yield JSON.stringify(trailer.finish() satisfies Trailer);
}

function* rows(store: StoreRows, line: (o: JsonlLine) => string): Generator<string> {
  const db = store.db;
  yield line({ type: 'header', format: JSONL_FORMAT, schemaVersion: SCHEMA_VERSION });
  const models = (db.prepare('SELECT * FROM models ORDER BY rowid').all() as Row[]).map((r) =>
    parseRow('models', ModelRow, r),
  );
  for (const m of parentsFirst(models)) yield line({ type: 'model', ...m });
  for (const { id } of db.prepare('SELECT id FROM states ORDER BY id').iterate() as Iterable<{ id: number }>) {
    const s = store.getState(id);
    yield line({
      type: 'state',
      ...s,
      snapshot: toBase64(s.snapshot),
      observation: s.observation === null ? null : toBase64(s.observation),
    });
  }
  for (const { id } of db.prepare('SELECT id FROM queries ORDER BY id').iterate() as Iterable<{ id: number }>) {
    yield line({ type: 'query', ...store.getQuery(id) });
  }
  for (const { query_id } of db
    .prepare('SELECT DISTINCT query_id FROM outcomes ORDER BY query_id')
    .iterate() as Iterable<{ query_id: number }>) {
    for (const o of store.outcomesFor(query_id)) yield line({ type: 'outcome', ...o });
  }
  for (const { id } of db.prepare('SELECT id FROM labels ORDER BY id').iterate() as Iterable<{ id: number }>) {
    yield line({ type: 'label', ...store.getLabel(id), ...store.labelRevision(id) });
  }
  for (const r of db.prepare('SELECT * FROM runs ORDER BY key').all() as Row[]) {
    const run = parseRow('runs', RunRow, r);
    yield line({ type: 'run', key: run.key, value: run.value, updatedAt: run.updated_at });
  }
}

/** Newline-terminated `lines`. */
export function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const l of lines) yield `${l}\n`;
}

/** Writes `exportJsonl` to `file` atomically (atomic-file.ts); returns the trailer. */
export function writeJsonlFile(store: StoreRows, file: string): Trailer {
  let last = '';
  writeFileAtomic(
    file,
    withNewlines(
      (function* () {
        for (const l of exportJsonl(store)) yield (last = l);
      })(),
    ),
  );
  return JSON.parse(last) as Trailer;
}
