import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  SCHEMA_VERSION,
  StoreError,
  importJsonlFile,
  openStore,
  sealJsonl,
  writeJsonlFile,
  type PreferenceStore,
} from '../../../reward/store/index.ts';
import { populate, tableContents, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let src: PreferenceStore;
let dst: PreferenceStore;

beforeEach(() => {
  tmp = tempDir();
  src = openStore(join(tmp.dir, 'src.db'));
  dst = openStore(join(tmp.dir, 'dst.db'));
  populate(src);
});
afterEach(() => {
  src.close();
  dst.close();
  tmp.cleanup();
});

/** Export of the populated store, as an array of lines. */
const lines = (): string[] => [...src.exportJsonl()];

describe('JSONL round trip', () => {
  test('export then import into an empty DB gives the same rows in every table', () => {
    const file = join(tmp.dir, 'dump.jsonl');
    writeJsonlFile(src, file);
    const summary = importJsonlFile(dst, file);
    expect(summary).toEqual({ model: 2, state: 2, query: 4, outcome: 2, label: 7, run: 1 });
    src.close();
    dst.close();
    const a = tableContents(join(tmp.dir, 'src.db'));
    const b = tableContents(join(tmp.dir, 'dst.db'));
    expect(b).toEqual(a);
    // Not vacuous: every table has rows, blobs included.
    for (const rows of Object.values(a)) expect(rows.length).toBeGreaterThan(0);
    expect((b.states[0] as { snapshot: Uint8Array }).snapshot).toEqual(Buffer.from([1, 2, 3, 255]));
  });

  test('every annotator survives', () => {
    dst.importJsonl(lines());
    expect(dst.labelsFor('rope-circle')).toEqual(src.labelsFor('rope-circle'));
    expect(new Set(dst.labelsFor('push-T').map((l) => l.annotator))).toEqual(new Set(['alice', 'bob']));
  });

  test('export of the import equals the export (fixed point)', () => {
    dst.importJsonl(lines().join('\n') + '\n');
    expect([...dst.exportJsonl()]).toEqual(lines());
  });

  test('models are written parents first even when the parent was registered later', () => {
    src.registerModel({ id: 'child', task: 't', kind: 'k', path: 'p', hash: 'h', metrics: {}, createdAt: 1 });
    // Re-point an older model at a newer parent through SQL, then export.
    src.registerModel({ id: 'late-parent', task: 't', kind: 'k', path: 'p', hash: 'h2', metrics: {}, createdAt: 2 });
    src.db.prepare("UPDATE models SET parent = 'late-parent' WHERE id = 'child'").run();
    const ids = lines()
      .filter((l) => l.includes('"type":"model"'))
      .map((l) => JSON.parse(l).id);
    expect(ids.indexOf('late-parent')).toBeLessThan(ids.indexOf('child'));
    dst.importJsonl(lines());
    expect(dst.getModel('child')?.parent).toBe('late-parent');
  });
});

describe('bad imports', () => {
  /** Replaces the line at `index` (0-based) with `f(parsed)` and imports; returns the error. */
  const importWith = (index: number, f: (o: Record<string, unknown>) => unknown): StoreError => {
    const ls = lines();
    ls[index] = JSON.stringify(f(JSON.parse(ls[index])));
    try {
      dst.importJsonl(ls);
    } catch (e) {
      return e as StoreError;
    }
    throw new Error('import did not fail');
  };
  const labelLine = (): number => lines().findIndex((l) => l.includes('"type":"label"'));
  const queryLine = (): number => lines().findIndex((l) => l.includes('"type":"query"'));

  test.each([
    [
      'wrong winner',
      () => labelLine(),
      (o: any) => ({ ...o, label: { kind: 'pair', winner: 'C' } }),
      'field label.winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")',
    ],
    [
      'dangling query',
      () => labelLine(),
      (o: any) => ({ ...o, queryId: 99 }),
      'field queryId: no queries row with id 99',
    ],
    [
      'label does not fit its query',
      () => labelLine(),
      (o: any) => ({ ...o, label: { kind: 'binary', good: true } }),
      'field label: a binary label needs a query with 1 candidates, found 2',
    ],
    [
      'bad base64',
      () =>
        1 +
        lines()
          .slice(1)
          .findIndex((l) => l.includes('"type":"state"')),
      (o: any) => ({ ...o, snapshot: '!!' }),
      'field snapshot: expected base64 text',
    ],
    ['unknown type', () => queryLine(), (o: any) => ({ ...o, type: 'quest' }), 'field type'],
    [
      'expert out of range',
      () => queryLine(),
      (o: any) => ({ ...o, expert: 5 }),
      'field expert: expected 0..1, found 5',
    ],
    [
      'unknown live model',
      () => labelLine(),
      (o: any) => ({ ...o, liveModels: ['ghost'] }),
      'field liveModels.0: no models row with id "ghost"',
    ],
    [
      'newer format',
      () => 0,
      (o: any) => ({ ...o, schemaVersion: 99 }),
      `field schemaVersion: expected at most ${SCHEMA_VERSION}, found 99`,
    ],
  ])('%s → error names the line and field; nothing imported', (_name, at, f, msg) => {
    const index = at();
    const err = importWith(index, f);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toContain(`import line ${index + 1}`);
    expect(err.message).toContain(msg);
    expect(Object.values(dst.counts()).every((n) => n === 0)).toBe(true);
  });

  test('a broken last line rolls back everything before it', () => {
    const ls = lines();
    ls[ls.length - 1] = '{"type":"run","key":"k","value":1'; // truncated where the trailer was
    expect(() => dst.importJsonl(ls)).toThrow(
      `import line ${ls.length}: field (line): expected a JSON object, found invalid JSON`,
    );
    expect(Object.values(dst.counts()).every((n) => n === 0)).toBe(true);
  });

  test('importing twice collides on ids and leaves the first import intact', () => {
    dst.importJsonl(lines());
    const before = dst.counts();
    expect(() => dst.importJsonl(lines())).toThrow(
      'import line 2 (model): field id: a models row with id "rope-circle-explicit-aa11" already exists',
    );
    expect(dst.counts()).toEqual(before);
  });

  test('the header must come first', () => {
    expect(() => dst.importJsonl(lines().slice(1))).toThrow(
      'import line 1 (model): field type: expected the header line first, found "model"',
    );
    expect(() => dst.importJsonl('')).toThrow('expected a header line, found an empty input');
  });
});

describe('the trailer', () => {
  const nothingImported = () => expect(Object.values(dst.counts()).every((n) => n === 0)).toBe(true);

  test('the export ends in row counts and the sha256 of the bytes before it', () => {
    const file = join(tmp.dir, 'dump.jsonl');
    const trailer = writeJsonlFile(src, file);
    expect(trailer.counts).toEqual({ model: 2, state: 2, query: 4, outcome: 2, label: 7, run: 1 });
    const text = readFileSync(file, 'utf8');
    const body = text.slice(0, text.lastIndexOf('{"type":"trailer"'));
    expect(createHash('sha256').update(body).digest('hex')).toBe(trailer.sha256);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]); // temp file renamed away
  });

  test.each([
    ['after the header', 1],
    ['after the states', 5],
    ['after the queries', 9],
    ['before the trailer', 0],
  ])('a file cut at a line boundary %s is refused, naming its last line', (_where, keep) => {
    const ls = lines();
    const kept = ls.slice(0, keep === 0 ? ls.length - 1 : keep);
    expect(() => dst.importJsonl(kept.join('\n') + '\n')).toThrow(`import line ${kept.length}`);
    expect(() => dst.importJsonl(kept)).toThrow('expected the trailer (row counts and sha256) after this last line');
    nothingImported();
  });

  test('an edited line is refused by the hash, naming the trailer line', () => {
    const ls = lines();
    const i = ls.findIndex((l) => l.includes('"annotator":"alice"'));
    ls[i] = ls[i].replace('"annotator":"alice"', '"annotator":"mallory"');
    expect(() => dst.importJsonl(ls)).toThrow(`import line ${ls.length} (trailer): field sha256: the trailer says`);
    nothingImported();
  });

  test('a dropped line is refused by the counts; a line after the trailer is refused', () => {
    const ls = lines();
    const i = ls.findIndex((l) => l.includes('"type":"label"'));
    const dropped = [...ls.slice(0, i), ...ls.slice(i + 1)];
    expect(() => dst.importJsonl(dropped)).toThrow(
      `import line ${dropped.length} (trailer): field counts.label: the trailer says 7, the file has 6 label lines`,
    );
    expect(() => dst.importJsonl([...ls, ls[1]])).toThrow(
      `import line ${ls.length + 1}: field (line): a line after the trailer on line ${ls.length}`,
    );
    nothingImported();
  });
});

describe('merging with ids: renumber', () => {
  const strip = <T extends { labelId: number; queryId: number; stateId: number }>(r: T) => {
    const { labelId: _l, queryId: _q, stateId: _s, ...rest } = r;
    return rest;
  };
  const noRuns = (): string[] => sealJsonl(lines().filter((l) => !l.includes('"type":"run"')));

  test('two copies merge: every label kept twice, references translated, models shared', () => {
    dst.importJsonl(lines(), { ids: 'renumber' });
    const summary = dst.importJsonl(noRuns(), { ids: 'renumber' });
    expect(summary).toEqual({ model: 2, state: 2, query: 4, outcome: 2, label: 7, run: 0 });
    expect(dst.counts()).toMatchObject({
      states: 4,
      queries: 8,
      outcomes: 4,
      labels: 14,
      models: 2,
      label_models: 6,
      runs: 1,
    });
    const once = src.trainingPairs('rope-circle').map(strip);
    expect(dst.trainingPairs('rope-circle').map(strip)).toEqual([...once, ...once]);
    // The second copy's labels point at the second copy's queries, which point at its states.
    const second = dst.labelsFor('push-T').slice(3);
    for (const l of second) {
      const q = dst.getQuery(l.queryId);
      expect(q.id).toBeGreaterThan(4);
      expect(q.stateId).toBeGreaterThan(2);
    }
    expect(dst.getState(3).snapshot).toEqual(src.getState(1).snapshot);
  });

  test('a different model under an existing id is refused; runs never merge', () => {
    dst.importJsonl(lines(), { ids: 'renumber' });
    const changed = noRuns().map((l) =>
      l.includes('"hash":"aa11"') ? l.replace('"hash":"aa11"', '"hash":"zz99"') : l,
    );
    expect(() => dst.importJsonl(changed, { ids: 'renumber' })).toThrow(
      'import line 2 (model): field id: a models row with id "rope-circle-explicit-aa11" already exists with ' +
        'different content',
    );
    expect(() => dst.importJsonl(lines(), { ids: 'renumber' })).toThrow(
      'field key: a runs row with key "loop:rope" already exists',
    );
    expect(dst.counts().labels).toBe(7);
  });

  test('references must be defined earlier in the file', () => {
    const ls = lines();
    const q = ls.findIndex((l) => l.includes('"type":"query"'));
    ls[q] = JSON.stringify({ ...JSON.parse(ls[q]), stateId: 2 });
    const s2 = ls.findIndex((l) => l.includes('"type":"state"') && l.includes('"id":2'));
    ls.splice(s2, 1); // state 2 now only exists in nobody's file
    expect(() => dst.importJsonl(ls, { ids: 'renumber' })).toThrow(
      `import line ${q} (query): field stateId: no earlier line defines states id 2`,
    );
    expect(Object.values(dst.counts()).every((n) => n === 0)).toBe(true);
  });
});
