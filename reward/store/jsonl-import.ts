/**
 * JSONL import (format: jsonl-schema.ts): one transaction, so a bad line leaves nothing behind.
 * The input must end in a valid trailer (jsonl-trailer.ts): a file cut short is refused.
 */
import { readFileSync } from 'node:fs';
import { describeIssues, labelMismatch } from '../labels/index.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { JsonlLineSchema, fromBase64, type JsonlLine } from './jsonl-schema.ts';
import { ROW_TYPES, TrailerBuilder, TrailerSchema, type Trailer } from './jsonl-trailer.ts';
import type { StoreRows } from './store-rows.ts';
import { StoreError } from './store-error.ts';

/** Rows imported, by line type. */
export type ImportSummary = Record<Exclude<JsonlLine['type'], 'header'>, number>;

export interface ImportOptions {
  /**
   * 'keep' (default): every row keeps its id, so export → import into an empty store gives the
   * same rows; an id already in the store is an error. 'renumber': states, queries, outcomes and
   * labels get fresh ids and references within the file are translated (merging stores); a model
   * id already present is reused when task, kind, path and hash match. Runs never merge: an
   * existing key is an error in both modes.
   */
  ids?: 'keep' | 'renumber';
}

type Numbered = 'states' | 'queries' | 'outcomes' | 'labels';

const fail = (n: number, type: string, field: string, msg: string): never => {
  throw new StoreError(
    `import line ${n}${type ? ` (${type})` : ''}: field ${field}: ${msg}`,
    type || 'jsonl',
    n,
    field,
  );
};

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Parses the trailer line, or throws naming line and field. */
function parseTrailer(n: number, raw: unknown): Trailer {
  const r = TrailerSchema.safeParse(raw);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  return fail(n, 'trailer', first.path.length ? first.path.map(String).join('.') : '(root)', first.message);
}

/** Checks the trailer at line `n` against the lines before it. */
function checkTrailer(n: number, t: Trailer, seen: TrailerBuilder): void {
  const got = seen.finish();
  for (const type of ROW_TYPES) {
    if (t.counts[type] !== got.counts[type])
      fail(
        n,
        'trailer',
        `counts.${type}`,
        `the trailer says ${t.counts[type]}, the file has ${got.counts[type]} ${type} lines`,
      );
  }
  if (t.sha256 !== got.sha256)
    fail(
      n,
      'trailer',
      'sha256',
      `the trailer says ${t.sha256}, lines 1..${n - 1} hash to ${got.sha256} (the file was changed after export)`,
    );
}

/** Parses one non-blank line into a checked record, or throws naming line and field. */
function parseLine(n: number, text: string): JsonlLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(n, '', '(line)', `expected a JSON object, found invalid JSON (${(e as Error).message})`);
  }
  const r = JsonlLineSchema.safeParse(raw);
  if (r.success) return r.data;
  const type =
    typeof (raw as { type?: unknown } | null)?.type === 'string' ? String((raw as { type: string }).type) : '';
  const first = r.error.issues[0];
  return fail(
    n,
    type,
    first.path.length ? first.path.map(String).join('.') : '(root)',
    describeIssues(r.error, raw).replace(/^field [^:]+: /, ''),
  );
}

/** Imports lines (`exportJsonl` output) in one transaction; see `ImportOptions`. */
export function importJsonl(
  store: StoreRows,
  input: Iterable<string> | string,
  opts: ImportOptions = {},
): ImportSummary {
  const renumber = opts.ids === 'renumber';
  const lines = typeof input === 'string' ? input.split('\n') : input;
  const db = store.db;
  const summary: ImportSummary = { model: 0, state: 0, query: 0, outcome: 0, label: 0, run: 0 };
  const maps: Record<Numbered, Map<number, number>> = {
    states: new Map(),
    queries: new Map(),
    outcomes: new Map(),
    labels: new Map(),
  };
  const exists = (table: string, id: unknown): boolean =>
    db.prepare(`SELECT 1 FROM ${table} WHERE ${table === 'runs' ? 'key' : 'id'} = ?`).get(id) !== undefined;

  /** The store id a reference in the file stands for. */
  const ref = (
    n: number,
    type: string,
    field: string,
    table: Numbered | 'models',
    id: number | string,
  ): number | string => {
    if (table !== 'models' && renumber) {
      const got = maps[table].get(id as number);
      return got ?? fail(n, type, field, `no earlier line defines ${table} id ${id}`);
    }
    if (!exists(table, id))
      fail(
        n,
        type,
        field,
        `no ${table} row with id ${JSON.stringify(id)} (it must come earlier in the file or already be in the store)`,
      );
    return id;
  };
  /** Inserts a numbered row (id first in `cols`), keeping or renumbering its id. */
  const insert = (n: number, type: string, table: Numbered, cols: string[], values: unknown[]): number => {
    const fileId = values[0] as number;
    if (!renumber && exists(table, fileId)) fail(n, type, 'id', `a ${table} row with id ${fileId} already exists`);
    const [c, v] = renumber ? [cols.slice(1), values.slice(1)] : [cols, values];
    const id = Number(
      db.prepare(`INSERT INTO ${table} (${c.join(', ')}) VALUES (${c.map(() => '?').join(', ')})`).run(...v)
        .lastInsertRowid,
    );
    maps[table].set(fileId, id);
    return id;
  };
  const candidateCount = (queryId: number): number => store.getQuery(queryId).candidates.length;

  db.transaction(() => {
    let n = 0;
    let sawHeader = false;
    let trailerAt = 0;
    let lastType = '';
    let lastLine = 0;
    const seen = new TrailerBuilder();
    for (const text of lines) {
      n++;
      if (trailerAt > 0) {
        if (text.trim() === '') continue;
        fail(n, '', '(line)', `a line after the trailer on line ${trailerAt}`);
      }
      if (text.trim() === '') {
        seen.add(text);
        continue;
      }
      if (sawHeader && text.includes('"trailer"')) {
        const raw = tryJson(text) as { type?: unknown } | undefined;
        if (raw?.type === 'trailer') {
          checkTrailer(n, parseTrailer(n, raw), seen);
          trailerAt = n;
          continue;
        }
      }
      const v = parseLine(n, text);
      seen.add(text, v.type);
      lastType = v.type;
      lastLine = n;
      if (!sawHeader && v.type !== 'header')
        fail(n, v.type, 'type', `expected the header line first, found "${v.type}"`);
      switch (v.type) {
        case 'header':
          if (sawHeader) fail(n, v.type, 'type', 'a second header line');
          if (v.schemaVersion > SCHEMA_VERSION)
            fail(n, v.type, 'schemaVersion', `expected at most ${SCHEMA_VERSION}, found ${v.schemaVersion}`);
          sawHeader = true;
          continue;
        case 'model': {
          const old = store.getModel(v.id);
          if (old !== undefined) {
            const same =
              renumber && old.task === v.task && old.kind === v.kind && old.path === v.path && old.hash === v.hash;
            if (!same)
              fail(
                n,
                v.type,
                'id',
                `a models row with id ${JSON.stringify(v.id)} already exists` +
                  (renumber ? ' with different content' : ''),
              );
            break;
          }
          if (v.parent !== null) ref(n, v.type, 'parent', 'models', v.parent);
          db.prepare(
            'INSERT INTO models (id, task, kind, path, hash, metrics, created_at, parent) ' +
              'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(v.id, v.task, v.kind, v.path, v.hash, JSON.stringify(v.metrics), v.createdAt, v.parent);
          break;
        }
        case 'state':
          insert(
            n,
            v.type,
            'states',
            ['id', 'task', 'seed', 'snapshot', 'observation', 'observation_ref', 'created_at'],
            [
              v.id,
              v.task,
              v.seed,
              fromBase64(v.snapshot),
              v.observation === null ? null : fromBase64(v.observation),
              v.observationRef,
              v.createdAt,
            ],
          );
          break;
        case 'query': {
          const stateId = ref(n, v.type, 'stateId', 'states', v.stateId);
          if (v.expert !== null && v.expert >= v.candidates.length)
            fail(n, v.type, 'expert', `expected 0..${v.candidates.length - 1}, found ${v.expert}`);
          insert(
            n,
            v.type,
            'queries',
            ['id', 'state_id', 'candidates', 'expert', 'selector', 'selector_score', 'created_at'],
            [v.id, stateId, JSON.stringify(v.candidates), v.expert, v.selector, v.selectorScore, v.createdAt],
          );
          break;
        }
        case 'outcome': {
          const queryId = ref(n, v.type, 'queryId', 'queries', v.queryId) as number;
          const k = candidateCount(queryId);
          if (v.candidate >= k) fail(n, v.type, 'candidate', `expected 0..${k - 1}, found ${v.candidate}`);
          if (
            db.prepare('SELECT 1 FROM outcomes WHERE query_id = ? AND candidate = ?').get(queryId, v.candidate) !==
            undefined
          ) {
            fail(n, v.type, 'candidate', `query ${v.queryId} already has an outcome for candidate ${v.candidate}`);
          }
          insert(
            n,
            v.type,
            'outcomes',
            ['id', 'query_id', 'candidate', 'metrics', 'frames_ref', 'return', 'teacher_score', 'created_at'],
            [v.id, queryId, v.candidate, JSON.stringify(v.metrics), v.framesRef, v.return, v.teacherScore, v.createdAt],
          );
          break;
        }
        case 'label': {
          const queryId = ref(n, v.type, 'queryId', 'queries', v.queryId) as number;
          const bad = labelMismatch(v.label, candidateCount(queryId));
          if (bad !== null) fail(n, v.type, 'label', bad);
          v.liveModels.forEach((m, i) => ref(n, v.type, `liveModels.${i}`, 'models', m));
          const revises = v.revises === null ? null : ref(n, v.type, 'revises', 'labels', v.revises);
          const id = insert(
            n,
            v.type,
            'labels',
            ['id', 'query_id', 'kind', 'payload', 'annotator', 'response_ms', 'created_at', 'revises', 'retracted_at'],
            [
              v.id,
              queryId,
              v.label.kind,
              JSON.stringify(v.label),
              v.annotator,
              v.responseMs,
              v.createdAt,
              revises,
              v.retractedAt,
            ],
          );
          for (const m of v.liveModels)
            db.prepare('INSERT OR IGNORE INTO label_models (label_id, model_id) VALUES (?, ?)').run(id, m);
          break;
        }
        case 'run':
          if (exists('runs', v.key))
            fail(n, v.type, 'key', `a runs row with key ${JSON.stringify(v.key)} already exists`);
          db.prepare('INSERT INTO runs (key, value, updated_at) VALUES (?, ?, ?)').run(
            v.key,
            JSON.stringify(v.value),
            v.updatedAt,
          );
          break;
      }
      summary[v.type]++;
    }
    if (!sawHeader) fail(n, '', 'type', 'expected a header line, found an empty input');
    if (trailerAt === 0) {
      fail(
        lastLine,
        lastType,
        'type',
        'expected the trailer (row counts and sha256) after this last line: ' +
          'the file is cut short, or not written by prefsim store export',
      );
    }
  })();
  return summary;
}

/** Imports a JSONL file written by `writeJsonlFile`. */
export function importJsonlFile(store: StoreRows, file: string, opts: ImportOptions = {}): ImportSummary {
  return importJsonl(store, readFileSync(file, 'utf8'), opts);
}
