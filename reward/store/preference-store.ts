/**
 * The preference store: one SQLite file (better-sqlite3 12, WAL) holding states, queries,
 * outcomes, labels, the models live at labelling time, the model registry and run progress.
 *
 * Durability: every `add*` / `set*` call is one transaction, and once it returns the data is
 * in the WAL file. With `synchronous = NORMAL` (default) a committed transaction survives a
 * crash or SIGKILL of the process (the OS already holds the write) but the last transactions
 * may roll back on power loss or an OS crash; `synchronous = FULL` fsyncs at every commit and
 * survives those too, at a cost per write. Either way no transaction is ever half-applied.
 */
import { accessSync, constants } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { labelMismatch } from '../labels/index.ts';
import { defaultDbPath, ensureParentDir } from './db-path.ts';
import { migrate, SCHEMA_VERSION } from './migrations.ts';
import { SCENE_SEED_SPACES } from '../../core/seeds.ts';
import {
  parseInput,
  NewLabelSchema,
  NewModelSchema,
  NewOutcomeSchema,
  NewQuerySchema,
  NewStateSchema,
} from './inputs.ts';
import { LabelRow, ModelRow, OutcomeRow, QueryRow, RunRow, StateRow, parseRow } from './rows.ts';
import type {
  LabelRecord,
  ModelRecord,
  NewLabel,
  NewModel,
  NewOutcome,
  NewQuery,
  NewState,
  OutcomeRecord,
  QueryRecord,
  StateRecord,
  TrainingBinary,
  TrainingPair,
  TrainingTriplet,
} from './records.ts';
import { exportJsonl } from './jsonl-export.ts';
import { importJsonl, type ImportOptions, type ImportSummary } from './jsonl-import.ts';
import type { StoreRows } from './store-rows.ts';
import { trainingBinary, trainingPairs, trainingTriplets, type TrainingOptions } from './training-view.ts';

export interface StoreOptions {
  /** SQLite file; default `defaultDbPath()` (`data/prefsim.db`, or `PREFSIM_DB`). `:memory:` works. */
  path?: string;
  /** Default 'NORMAL': durable against process crash; 'FULL' also against power loss (see above). */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a write waits for another process's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Open for reading only: the file must exist and be at this build's schema version; nothing is
   * created, migrated or written. Default false: the file is created, migrated and checked writable.
   */
  readonly?: boolean;
}

type Row = Record<string, unknown>;

/** Opens (creating and migrating if needed) a preference store. */
export function openStore(opts: StoreOptions | string = {}): PreferenceStore {
  return new PreferenceStore(typeof opts === 'string' ? { path: opts } : opts);
}

export class PreferenceStore implements StoreRows {
  /** The SQLite file this store writes. */
  readonly path: string;
  /** True when opened with `readonly: true`. */
  readonly readonly: boolean;
  #db: Database.Database | null;
  #statements = new Map<string, Database.Statement>();

  constructor(opts: StoreOptions = {}) {
    this.path = opts.path ?? defaultDbPath();
    this.readonly = opts.readonly ?? false;
    const sync = opts.synchronous ?? 'NORMAL';
    if (sync !== 'NORMAL' && sync !== 'FULL') {
      throw new Error(`openStore: field synchronous: expected "NORMAL" or "FULL", found ${JSON.stringify(sync)}`);
    }
    let db: Database.Database;
    try {
      if (!this.readonly) ensureParentDir(this.path);
      db = new Database(this.path, {
        timeout: opts.busyTimeoutMs ?? 5000,
        readonly: this.readonly,
        fileMustExist: this.readonly,
      });
    } catch (e) {
      throw namedError(this.path, readOnlyFolderError(this.path, e));
    }
    try {
      db.pragma('foreign_keys = ON');
      if (this.readonly) {
        checkReadableVersion(db, this.path);
      } else {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${sync}`);
        migrate(db, this.path);
        checkWritable(this.path);
      }
    } catch (e) {
      db.close();
      throw namedError(this.path, readOnlyFolderError(this.path, e));
    }
    this.#db = db;
  }

  /** The open connection; throws after `close()`. */
  get db(): Database.Database {
    if (this.#db === null) throw new Error(`store ${this.path}: used after close()`);
    return this.#db;
  }

  /** Closes the file. Safe to call twice. */
  close(): void {
    this.#db?.close();
    this.#db = null;
    this.#statements.clear();
  }

  /**
   * Runs `fn` as one transaction (nested calls become savepoints). On a writable store it takes
   * the write lock at BEGIN (IMMEDIATE): a deferred transaction that reads before it writes fails
   * at once with SQLITE_BUSY_SNAPSHOT, without the busy timeout, if another connection (the live
   * model's trainer) commits in between; a label of a repeated query did exactly that.
   */
  transaction<T>(fn: () => T): T {
    const tx = this.db.transaction(fn);
    return this.readonly ? tx() : tx.immediate();
  }

  addState(s: NewState): number {
    const v = parseInput('addState', NewStateSchema, s);
    return this.#insert(
      'INSERT INTO states (task, seed, snapshot, observation, observation_ref, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      v.task,
      v.seed,
      v.snapshot,
      v.observation ?? null,
      v.observationRef ?? null,
      v.createdAt ?? Date.now(),
    );
  }

  getState(id: number): StateRecord {
    return parseRow('states', StateRow, this.#one('states', 'SELECT * FROM states WHERE id = ?', id));
  }

  /** Scene seed (episode) of every state of `task`, by state id: what the held-out split reads. */
  stateSeeds(task: string): Map<number, number> {
    const rows = this.#sql('SELECT id, seed FROM states WHERE task = ?').all(task) as { id: number; seed: number }[];
    return new Map(rows.map((r) => [r.id, r.seed]));
  }

  addQuery(q: NewQuery): number {
    const v = parseInput('addQuery', NewQuerySchema, q);
    this.#one('states', 'SELECT id FROM states WHERE id = ?', v.stateId, 'addQuery: field stateId');
    return this.#insert(
      'INSERT INTO queries (state_id, candidates, expert, selector, selector_score, created_at) VALUES (?, ?, ?, ' +
        '?, ?, ?)',
      v.stateId,
      JSON.stringify(v.candidates),
      v.expert ?? null,
      v.selector,
      v.selectorScore ?? null,
      v.createdAt ?? Date.now(),
    );
  }

  getQuery(id: number): QueryRecord {
    return parseRow('queries', QueryRow, this.#one('queries', 'SELECT * FROM queries WHERE id = ?', id));
  }

  /** Queries of a task, oldest first. */
  queriesFor(task: string): QueryRecord[] {
    const rows = this.#sql(
      'SELECT q.* FROM queries q JOIN states s ON s.id = q.state_id WHERE s.task = ? ORDER BY q.id',
    ).all(task) as Row[];
    return rows.map((r) => parseRow('queries', QueryRow, r));
  }

  addOutcome(o: NewOutcome): number {
    const v = parseInput('addOutcome', NewOutcomeSchema, o);
    const k = this.getQuery(v.queryId).candidates.length;
    if (v.candidate >= k) {
      throw new Error(
        `store.addOutcome: field candidate: expected 0..${k - 1} (query ${v.queryId} has ${k} candidates), found ` +
          `${v.candidate}`,
      );
    }
    return this.#insert(
      'INSERT INTO outcomes (query_id, candidate, metrics, frames_ref, return, teacher_score, created_at) VALUES ' +
        '(?, ?, ?, ?, ?, ?, ?)',
      v.queryId,
      v.candidate,
      JSON.stringify(v.metrics),
      v.framesRef ?? null,
      v.return ?? null,
      v.teacherScore ?? null,
      v.createdAt ?? Date.now(),
    );
  }

  /** Outcomes of a query, by candidate index. */
  outcomesFor(queryId: number): OutcomeRecord[] {
    const rows = this.#sql('SELECT * FROM outcomes WHERE query_id = ? ORDER BY candidate').all(queryId) as Row[];
    return rows.map((r) => parseRow('outcomes', OutcomeRow, r));
  }

  /** Stores a label (and the models live when it was given) in one transaction; returns its id. */
  addLabel(l: NewLabel): number {
    const v = parseInput('addLabel', NewLabelSchema, l);
    const k = this.getQuery(v.queryId).candidates.length;
    const bad = labelMismatch(v.label, k);
    if (bad !== null) throw new Error(`store.addLabel: label for query ${v.queryId}: ${bad}`);
    if (v.revises != null)
      this.#one('labels', 'SELECT id FROM labels WHERE id = ?', v.revises, 'addLabel: field revises');
    return this.transaction(() => {
      const id = this.#insert(
        'INSERT INTO labels (query_id, kind, payload, annotator, response_ms, created_at, revises) VALUES (?, ?, ' +
          '?, ?, ?, ?, ?)',
        v.queryId,
        v.label.kind,
        JSON.stringify(v.label),
        v.annotator,
        v.responseMs ?? null,
        v.createdAt ?? Date.now(),
        v.revises ?? null,
      );
      const link = this.#sql('INSERT OR IGNORE INTO label_models (label_id, model_id) VALUES (?, ?)');
      for (const m of v.liveModels ?? []) {
        this.#one('models', 'SELECT id FROM models WHERE id = ?', m, 'addLabel: field liveModels');
        link.run(id, m);
      }
      return id;
    });
  }

  /**
   * Deletes one label and its live-model links in one transaction (an annotator's undo).
   * The query, its state and outcomes stay. Throws, changing nothing, when there is no such label.
   */
  deleteLabel(id: number): void {
    if (!Number.isInteger(id))
      throw new Error(`store.deleteLabel: field id: expected an integer, found ${JSON.stringify(id)}`);
    this.transaction(() => {
      this.#one('labels', 'SELECT id FROM labels WHERE id = ?', id, 'deleteLabel: field id');
      this.#sql('DELETE FROM label_models WHERE label_id = ?').run(id);
      this.#sql('DELETE FROM labels WHERE id = ?').run(id);
    });
  }

  /**
   * Retracts a current label (an annotator's undo) as a revision: the row stays, with the time
   * it was retracted, and training no longer reads it. Throws, changing nothing, when there is
   * no such label or it is already retracted.
   */
  retractLabel(id: number, now: number = Date.now()): void {
    if (!Number.isInteger(id))
      throw new Error(`store.retractLabel: field id: expected an integer, found ${JSON.stringify(id)}`);
    const row = this.#one('labels', 'SELECT retracted_at FROM labels WHERE id = ?', id, 'retractLabel: field id');
    if (row.retracted_at !== null) throw new Error(`store.retractLabel: field id: label ${id} was already retracted`);
    this.#sql('UPDATE labels SET retracted_at = ? WHERE id = ? AND retracted_at IS NULL').run(now, id);
  }

  /** Where a label stands in its history: the label it revises and when it was retracted (null: current). */
  labelRevision(id: number): { revises: number | null; retractedAt: number | null } {
    const row = this.#one('labels', 'SELECT revises, retracted_at FROM labels WHERE id = ?', id) as {
      revises: number | null;
      retracted_at: number | null;
    };
    return { revises: row.revises, retractedAt: row.retracted_at };
  }

  /** A label by id, current or retracted (see `labelRevision`). */
  getLabel(id: number): LabelRecord {
    return this.#label(this.#one('labels', 'SELECT * FROM labels WHERE id = ?', id));
  }

  /**
   * The current labels of a task (all annotators), oldest first: retracted ones (undone) are left
   * out unless `history` is set.
   */
  labelsFor(task: string, opts: { annotators?: string[]; history?: boolean } = {}): LabelRecord[] {
    const rows = this.#sql(
      'SELECT l.* FROM labels l JOIN queries q ON q.id = l.query_id JOIN states s ON s.id = q.state_id ' +
        `WHERE s.task = ?${opts.history ? '' : ' AND l.retracted_at IS NULL'} ORDER BY l.id`,
    ).all(task) as Row[];
    const keep = opts.annotators ? new Set(opts.annotators) : null;
    return rows.map((r) => this.#label(r)).filter((l) => keep === null || keep.has(l.annotator));
  }

  /** Pair records of a task's pair and ranking labels (METHODS §3), candidate actions attached. */
  trainingPairs(task: string, opts: TrainingOptions = {}): TrainingPair[] {
    return trainingPairs(this, task, opts);
  }

  /** BCO thumbs records of a task's binary labels. */
  trainingBinary(task: string, opts: TrainingOptions = {}): TrainingBinary[] {
    return trainingBinary(this, task, opts);
  }

  /** RAPL triplet records of a task's triplet labels. */
  trainingTriplets(task: string, opts: TrainingOptions = {}): TrainingTriplet[] {
    return trainingTriplets(this, task, opts);
  }

  /** Adds a trained model to the registry; returns its id. */
  registerModel(m: NewModel): string {
    const v = parseInput('registerModel', NewModelSchema, m);
    const id = v.id ?? `${v.task}-${v.kind}-${v.hash.slice(0, 12)}`;
    if (v.parent != null)
      this.#one('models', 'SELECT id FROM models WHERE id = ?', v.parent, 'registerModel: field parent');
    if (this.#sql('SELECT 1 FROM models WHERE id = ?').get(id) !== undefined) {
      throw new Error(`store.registerModel: field id: a model with id "${id}" is already registered`);
    }
    this.#insert(
      'INSERT INTO models (id, task, kind, path, hash, metrics, created_at, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      id,
      v.task,
      v.kind,
      v.path,
      v.hash,
      JSON.stringify(v.metrics),
      v.createdAt ?? Date.now(),
      v.parent ?? null,
    );
    return id;
  }

  getModel(id: string): ModelRecord | undefined {
    const row = this.#sql('SELECT * FROM models WHERE id = ?').get(id);
    return row === undefined ? undefined : parseRow('models', ModelRow, row);
  }

  /** The newest model of a task and kind (by created_at, then insertion order), or undefined. */
  latestModel(task: string, kind: string): ModelRecord | undefined {
    const row = this.#sql(
      'SELECT * FROM models WHERE task = ? AND kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ).get(task, kind);
    return row === undefined ? undefined : parseRow('models', ModelRow, row);
  }

  /** Registered models, oldest first, optionally filtered. */
  listModels(filter: { task?: string; kind?: string } = {}): ModelRecord[] {
    const rows = this.#sql('SELECT * FROM models ORDER BY created_at, rowid').all() as Row[];
    return rows
      .map((r) => parseRow('models', ModelRow, r))
      .filter(
        (m) =>
          (filter.task === undefined || m.task === filter.task) &&
          (filter.kind === undefined || m.kind === filter.kind),
      );
  }

  /** A resumable loop's saved progress (any JSON value), or undefined. */
  getRun(key: string): unknown {
    const row = this.#sql('SELECT * FROM runs WHERE key = ?').get(key);
    return row === undefined ? undefined : parseRow('runs', RunRow, row).value;
  }

  /** Saves (replaces) a run's progress. `value` must be JSON-serialisable. */
  setRun(key: string, value: unknown, now: number = Date.now()): void {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`store.setRun: field value: expected a JSON value, found ${typeof value}`);
    this.#sql(
      'INSERT INTO runs (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = ' +
        'excluded.value, updated_at = excluded.updated_at',
    ).run(key, text, now);
  }

  /** Saved runs whose key starts with `prefix`, oldest update first. */
  listRuns(prefix: string): { key: string; value: unknown; updatedAt: number }[] {
    const rows = this.#sql('SELECT * FROM runs WHERE substr(key, 1, length(?)) = ? ORDER BY updated_at, rowid').all(
      prefix,
      prefix,
    ) as Row[];
    return rows.map((r) => {
      const v = parseRow('runs', RunRow, r);
      return { key: String(r.key), value: v.value, updatedAt: Number(r.updated_at) };
    });
  }

  deleteRun(key: string): void {
    this.#sql('DELETE FROM runs WHERE key = ?').run(key);
  }

  /**
   * Hands out the next unused scene seed of a task, atomically across processes: one past the
   * largest seed handed out or stored so far, never below `from` (by default the labelling space,
   * apart from the evaluation, demo and loop seeds: core/seeds.ts).
   */
  reserveSeed(task: string, from: number = SCENE_SEED_SPACES.labelling): number {
    return this.db
      .transaction(() => {
        const counter = this.#sql('SELECT next FROM scene_seeds WHERE task = ?').get(task) as
          | { next: number }
          | undefined;
        const stored = this.#sql('SELECT MAX(seed) AS m FROM states WHERE task = ?').get(task) as { m: number | null };
        const seed = Math.max(from, counter?.next ?? 0, stored.m === null ? 0 : stored.m + 1);
        this.#sql(
          'INSERT INTO scene_seeds (task, next) VALUES (?, ?) ON CONFLICT(task) DO UPDATE SET next = excluded.next',
        ).run(task, seed + 1);
        return seed;
      })
      .immediate();
  }

  /** Records that `seed` was used (an explicitly chosen seed), so `reserveSeed` hands out later ones. */
  noteSeed(task: string, seed: number): void {
    this.#sql(
      'INSERT INTO scene_seeds (task, next) VALUES (?, ?) ON CONFLICT(task) DO UPDATE SET next = MAX(next, ' +
        'excluded.next)',
    ).run(task, seed + 1);
  }

  /** Row count per table. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of ['states', 'queries', 'outcomes', 'labels', 'label_models', 'models', 'runs']) {
      out[t] = (this.#sql(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return out;
  }

  /** Every row as JSONL lines (header first; blobs base64), in an order `importJsonl` accepts. */
  exportJsonl(): Generator<string> {
    return exportJsonl(this);
  }

  /** Imports `exportJsonl` lines in one transaction; any bad line aborts it all. */
  importJsonl(lines: Iterable<string> | string, opts: ImportOptions = {}): ImportSummary {
    return importJsonl(this, lines, opts);
  }

  /** Prepared statement for `sql`, prepared once per connection. */
  #sql(sql: string): Database.Statement {
    const db = this.db;
    let st = this.#statements.get(sql);
    if (st === undefined) this.#statements.set(sql, (st = db.prepare(sql)));
    return st;
  }

  #insert(sql: string, ...params: unknown[]): number {
    return Number(this.#sql(sql).run(...params).lastInsertRowid);
  }

  #one(table: string, sql: string, id: number | string, where?: string): Row {
    const row = this.#sql(sql).get(id) as Row | undefined;
    if (row === undefined) {
      throw new Error(
        where
          ? `store.${where}: no row in ${table} with id ${JSON.stringify(id)}`
          : `store: no row in ${table} with id ${JSON.stringify(id)}`,
      );
    }
    return row;
  }

  #label(row: Row): LabelRecord {
    const base = parseRow('labels', LabelRow, row);
    const models = this.#sql('SELECT model_id FROM label_models WHERE label_id = ? ORDER BY model_id').all(base.id) as {
      model_id: string;
    }[];
    return { ...base, liveModels: models.map((m) => m.model_id) };
  }
}

/** `e` as an Error whose message starts with the store file, so SQLite's bare messages name it. */
function namedError(file: string, e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.message.startsWith(`store ${file}`)) return err;
  return new Error(`store ${file}: ${err.message}`, { cause: err });
}

/**
 * Even a reader of a WAL store creates `FILE-shm` and `FILE-wal` beside it when the last writer
 * removed them, so a store in a folder the process may not write cannot be read; say so.
 */
function readOnlyFolderError(file: string, e: unknown): unknown {
  if ((e as { code?: string }).code !== 'SQLITE_READONLY_DIRECTORY') return e;
  return new Error(
    `store ${file}: its folder ${dirname(resolve(file))} is not writable, and SQLite needs to create ` +
      `${basename(file)}-shm there even to read; make the folder writable or copy the file to one that is`,
    { cause: e },
  );
}

/**
 * SQLite opens a file it may not write read-only without saying so, and an open WAL file can
 * even take a transaction; so a store that writes checks the file and its folder here, at open,
 * rather than failing at the first label.
 */
function checkWritable(file: string): void {
  if (file === ':memory:' || file === '') return;
  for (const p of [file, dirname(resolve(file))]) {
    try {
      accessSync(p, constants.W_OK);
    } catch (e) {
      throw new Error(
        `store ${file}: ${p === file ? 'the file' : `its folder ${p}`} is not writable (` +
          `${(e as NodeJS.ErrnoException).code}); fix the permissions or pass another --db`,
      );
    }
  }
}

/** A read-only open cannot migrate, so the file must already be at this build's version. */
function checkReadableVersion(db: Database.Database, file: string): void {
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v > SCHEMA_VERSION) {
    throw new Error(
      `store ${file}: schema version ${v} is newer than this prefsim supports (${SCHEMA_VERSION}); upgrade ` +
        `prefsim or use another --db file`,
    );
  }
  if (v < SCHEMA_VERSION) {
    throw new Error(
      `store ${file}: schema version ${v} is older than ${SCHEMA_VERSION} and this command opens it read-only; ` +
        `run a writing command (e.g. prefsim collect) on it once to upgrade`,
    );
  }
}
