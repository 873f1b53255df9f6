/**
 * Lossless JSONL export of a whole store (format: jsonl-schema.ts).
 */
import { writeFileSync } from 'node:fs';
import { SCHEMA_VERSION } from './migrations.ts';
import { JSONL_FORMAT, toBase64, type JsonlLine } from './jsonl-schema.ts';
import { ModelRow, RunRow, parseRow } from './rows.ts';
import type { PreferenceStore } from './preference-store.ts';
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

/** Yields the store's rows as JSONL lines (no trailing newlines). Every row is validated on the way. */
export function* exportJsonl(store: PreferenceStore): Generator<string> {
  const db = store.db;
  const line = (o: JsonlLine): string => JSON.stringify(o);
  yield line({ type: 'header', format: JSONL_FORMAT, schemaVersion: SCHEMA_VERSION });
  const models = (db.prepare('SELECT * FROM models ORDER BY rowid').all() as Row[]).map((r) => parseRow('models', ModelRow, r));
  for (const m of parentsFirst(models)) yield line({ type: 'model', ...m });
  for (const { id } of db.prepare('SELECT id FROM states ORDER BY id').iterate() as Iterable<{ id: number }>) {
    const s = store.getState(id);
    yield line({
      type: 'state', ...s, snapshot: toBase64(s.snapshot),
      observation: s.observation === null ? null : toBase64(s.observation),
    });
  }
  for (const { id } of db.prepare('SELECT id FROM queries ORDER BY id').iterate() as Iterable<{ id: number }>) {
    yield line({ type: 'query', ...store.getQuery(id) });
  }
  for (const { query_id } of db.prepare('SELECT DISTINCT query_id FROM outcomes ORDER BY query_id').iterate() as Iterable<{ query_id: number }>) {
    for (const o of store.outcomesFor(query_id)) yield line({ type: 'outcome', ...o });
  }
  for (const { id } of db.prepare('SELECT id FROM labels ORDER BY id').iterate() as Iterable<{ id: number }>) {
    yield line({ type: 'label', ...store.getLabel(id) });
  }
  for (const r of db.prepare('SELECT * FROM runs ORDER BY key').all() as Row[]) {
    const run = parseRow('runs', RunRow, r);
    yield line({ type: 'run', key: run.key, value: run.value, updatedAt: run.updated_at });
  }
}

/** Writes `exportJsonl` to a file, newline-terminated lines. */
export function writeJsonlFile(store: PreferenceStore, file: string): void {
  writeFileSync(file, [...exportJsonl(store)].map((l) => `${l}\n`).join(''));
}
