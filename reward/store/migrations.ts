/**
 * Schema migrations, applied at open. The schema version is SQLite's `PRAGMA user_version`;
 * migration n (1-based) takes the file from version n − 1 to n. Append new migrations, never
 * edit old ones.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: initial schema. Times are integer milliseconds since the Unix epoch.
  `
  CREATE TABLE states (
    id INTEGER PRIMARY KEY,
    task TEXT NOT NULL,
    seed INTEGER NOT NULL,
    snapshot BLOB NOT NULL,
    observation BLOB,
    observation_ref TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX states_task ON states(task);
  CREATE TABLE queries (
    id INTEGER PRIMARY KEY,
    state_id INTEGER NOT NULL REFERENCES states(id),
    candidates TEXT NOT NULL,
    expert INTEGER,
    selector TEXT NOT NULL,
    selector_score REAL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX queries_state ON queries(state_id);
  CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    query_id INTEGER NOT NULL REFERENCES queries(id),
    candidate INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    frames_ref TEXT,
    return REAL,
    created_at INTEGER NOT NULL,
    UNIQUE (query_id, candidate)
  );
  CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    query_id INTEGER NOT NULL REFERENCES queries(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    annotator TEXT NOT NULL,
    response_ms REAL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX labels_query ON labels(query_id);
  CREATE TABLE models (
    id TEXT PRIMARY KEY,
    task TEXT NOT NULL,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    metrics TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    parent TEXT REFERENCES models(id)
  );
  CREATE INDEX models_task_kind ON models(task, kind, created_at);
  CREATE TABLE label_models (
    label_id INTEGER NOT NULL REFERENCES labels(id),
    model_id TEXT NOT NULL REFERENCES models(id),
    PRIMARY KEY (label_id, model_id)
  );
  CREATE TABLE runs (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 2: label ids are never reused (AUTOINCREMENT); undo retracts a label instead of deleting it,
  // and a relabel names the label it revises, so the history stays. Scene seeds are handed out
  // from a per-task counter, so restarts and concurrent writers never repeat a seed.
  `
  CREATE TABLE labels_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_id INTEGER NOT NULL REFERENCES queries(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    annotator TEXT NOT NULL,
    response_ms REAL,
    created_at INTEGER NOT NULL,
    revises INTEGER REFERENCES labels_v2(id),
    retracted_at INTEGER
  );
  INSERT INTO labels_v2 (id, query_id, kind, payload, annotator, response_ms, created_at)
    SELECT id, query_id, kind, payload, annotator, response_ms, created_at FROM labels;
  CREATE TABLE label_models_v2 (
    label_id INTEGER NOT NULL REFERENCES labels_v2(id),
    model_id TEXT NOT NULL REFERENCES models(id),
    PRIMARY KEY (label_id, model_id)
  );
  INSERT INTO label_models_v2 (label_id, model_id) SELECT label_id, model_id FROM label_models;
  DROP TABLE label_models;
  DROP TABLE labels;
  ALTER TABLE labels_v2 RENAME TO labels;
  ALTER TABLE label_models_v2 RENAME TO label_models;
  CREATE INDEX labels_query ON labels(query_id);
  CREATE TABLE scene_seeds (
    task TEXT PRIMARY KEY,
    next INTEGER NOT NULL
  );
  `,
  // 3: the teacher's noise-free score of each outcome (its score with no β noise or flips), so a
  // reward can be measured against what a synthetic teacher meant, not only what it said (issue 12).
  // NULL for people and for outcomes stored before this migration.
  `
  ALTER TABLE outcomes ADD COLUMN teacher_score REAL;
  `,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `db` up to `SCHEMA_VERSION`, each migration in its own IMMEDIATE transaction (so two
 * processes opening a fresh file at once do not both migrate). A file written by a newer
 * prefsim is refused rather than misread.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly string[] = MIGRATIONS): void {
  const latest = migrations.length;
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  if (version() > latest) {
    throw new Error(
      `store ${file}: schema version ${version()} is newer than this prefsim supports (${latest}); ` +
        'upgrade prefsim or use another --db file',
    );
  }
  for (let v = version(); v < latest; v = version()) {
    db.transaction(() => {
      if (version() !== v) return; // another process migrated meanwhile
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
