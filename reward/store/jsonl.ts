/**
 * Lossless JSONL export and import of a whole store (format: jsonl-schema.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describeIssues, labelMismatch } from '../labels/index.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { JSONL_FORMAT, JsonlLineSchema, fromBase64, toBase64, type JsonlLine } from './jsonl-schema.ts';
import { ModelRow, RunRow, parseRow } from './rows.ts';
import type { PreferenceStore } from './preference-store.ts';
import type { ModelRecord } from './records.ts';
import { StoreError } from './store-error.ts';

/** Rows imported, by line type. */
export type ImportSummary = Record<Exclude<JsonlLine['type'], 'header'>, number>;

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

/** Imports a JSONL file written by `writeJsonlFile`. */
export function importJsonlFile(store: PreferenceStore, file: string): ImportSummary {
  return importJsonl(store, readFileSync(file, 'utf8'));
}

const fail = (n: number, type: string, field: string, msg: string): never => {
  throw new StoreError(`import line ${n}${type ? ` (${type})` : ''}: field ${field}: ${msg}`, type || 'jsonl', n, field);
};

/**
 * Imports lines in one transaction, keeping every id. Any bad line (not JSON, wrong shape,
 * dangling reference, id already present) throws an error naming the line number and field,
 * and nothing from the import remains.
 */
export function importJsonl(store: PreferenceStore, input: Iterable<string> | string): ImportSummary {
  const lines = typeof input === 'string' ? input.split('\n') : input;
  const db = store.db;
  const summary: ImportSummary = { model: 0, state: 0, query: 0, outcome: 0, label: 0, run: 0 };
  const exists = (table: string, id: unknown): boolean =>
    db.prepare(`SELECT 1 FROM ${table} WHERE ${table === 'runs' ? 'key' : 'id'} = ?`).get(id) !== undefined;
  const need = (n: number, type: string, field: string, table: string, id: unknown): void => {
    if (!exists(table, id)) fail(n, type, field, `no ${table} row with id ${JSON.stringify(id)} (it must come earlier in the file or already be in the store)`);
  };
  const fresh = (n: number, type: string, table: string, id: unknown): void => {
    if (exists(table, id)) fail(n, type, type === 'run' ? 'key' : 'id', `a ${table} row with ${type === 'run' ? 'key' : 'id'} ${JSON.stringify(id)} already exists`);
  };
  db.transaction(() => {
    let n = 0;
    let sawHeader = false;
    for (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        fail(n, '', '(line)', `expected a JSON object, found invalid JSON (${(e as Error).message})`);
      }
      const r = JsonlLineSchema.safeParse(raw);
      const type = typeof (raw as Row | null)?.type === 'string' ? String((raw as Row).type) : '';
      if (!r.success) {
        const first = r.error.issues[0];
        fail(n, type, first.path.length ? first.path.map(String).join('.') : '(root)', describeIssues(r.error, raw).replace(/^field [^:]+: /, ''));
      }
      const v = r.data!;
      if (!sawHeader && v.type !== 'header') fail(n, v.type, 'type', `expected the header line first, found "${v.type}"`);
      switch (v.type) {
        case 'header':
          if (sawHeader) fail(n, v.type, 'type', 'a second header line');
          if (v.schemaVersion > SCHEMA_VERSION) fail(n, v.type, 'schemaVersion', `expected at most ${SCHEMA_VERSION}, found ${v.schemaVersion}`);
          sawHeader = true;
          continue;
        case 'model':
          fresh(n, v.type, 'models', v.id);
          if (v.parent !== null) need(n, v.type, 'parent', 'models', v.parent);
          db.prepare('INSERT INTO models (id, task, kind, path, hash, metrics, created_at, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(v.id, v.task, v.kind, v.path, v.hash, JSON.stringify(v.metrics), v.createdAt, v.parent);
          break;
        case 'state':
          fresh(n, v.type, 'states', v.id);
          db.prepare('INSERT INTO states (id, task, seed, snapshot, observation, observation_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(v.id, v.task, v.seed, fromBase64(v.snapshot), v.observation === null ? null : fromBase64(v.observation), v.observationRef, v.createdAt);
          break;
        case 'query':
          fresh(n, v.type, 'queries', v.id);
          need(n, v.type, 'stateId', 'states', v.stateId);
          if (v.expert !== null && v.expert >= v.candidates.length) fail(n, v.type, 'expert', `expected 0..${v.candidates.length - 1}, found ${v.expert}`);
          db.prepare('INSERT INTO queries (id, state_id, candidates, expert, selector, selector_score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(v.id, v.stateId, JSON.stringify(v.candidates), v.expert, v.selector, v.selectorScore, v.createdAt);
          break;
        case 'outcome': {
          fresh(n, v.type, 'outcomes', v.id);
          const k = candidateCount(n, v.type, v.queryId);
          if (v.candidate >= k) fail(n, v.type, 'candidate', `expected 0..${k - 1}, found ${v.candidate}`);
          try {
            db.prepare('INSERT INTO outcomes (id, query_id, candidate, metrics, frames_ref, return, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
              .run(v.id, v.queryId, v.candidate, JSON.stringify(v.metrics), v.framesRef, v.return, v.createdAt);
          } catch (e) {
            fail(n, v.type, 'candidate', `query ${v.queryId} already has an outcome for candidate ${v.candidate} (${(e as Error).message})`);
          }
          break;
        }
        case 'label': {
          fresh(n, v.type, 'labels', v.id);
          const bad = labelMismatch(v.label, candidateCount(n, v.type, v.queryId));
          if (bad !== null) fail(n, v.type, 'label', bad);
          v.liveModels.forEach((m, i) => need(n, v.type, `liveModels.${i}`, 'models', m));
          db.prepare('INSERT INTO labels (id, query_id, kind, payload, annotator, response_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(v.id, v.queryId, v.label.kind, JSON.stringify(v.label), v.annotator, v.responseMs, v.createdAt);
          for (const m of v.liveModels) db.prepare('INSERT OR IGNORE INTO label_models (label_id, model_id) VALUES (?, ?)').run(v.id, m);
          break;
        }
        case 'run':
          fresh(n, v.type, 'runs', v.key);
          db.prepare('INSERT INTO runs (key, value, updated_at) VALUES (?, ?, ?)').run(v.key, JSON.stringify(v.value), v.updatedAt);
          break;
      }
      summary[v.type]++;
    }
    if (!sawHeader) fail(n, '', 'type', 'expected a header line, found an empty input');
  })();
  return summary;

  function candidateCount(n: number, type: string, queryId: number): number {
    need(n, type, 'queryId', 'queries', queryId);
    return store.getQuery(queryId).candidates.length;
  }
}
