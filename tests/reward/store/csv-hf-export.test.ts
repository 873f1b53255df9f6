/** CSV and hf exports (issue 18): documented columns, one preference per hf line, atomic files. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  CSV_COLUMNS,
  csvCell,
  exportCsv,
  exportHf,
  openStore,
  writeCsvFile,
  writeHfFile,
  type PreferenceStore,
} from '../../../reward/store/index.ts';
import { populate, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore;
let ids: ReturnType<typeof populate>;

beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 's.db'));
  ids = populate(store);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** A minimal RFC 4180 reader, enough for the test: quoted cells with "" escapes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    cell = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV export', () => {
  test('quotes cells with commas, quotes and line breaks; null is empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('x\ny')).toBe('"x\ny"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  test('one row per label, every revision, in the documented columns', () => {
    const first = store.labelsFor('rope-circle')[0].id;
    store.retractLabel(first, 42);
    const file = join(tmp.dir, 'labels.csv');
    expect(writeCsvFile(store, file)).toEqual({ labels: 7 });
    const rows = parseCsv(readFileSync(file, 'utf8'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(8);
    const rec = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])));
    const alice = rec.find((r) => r.label_id === String(first))!;
    expect(alice).toMatchObject({
      task: 'rope-circle',
      scene_seed: '7',
      query_id: String(ids.pairQuery),
      candidates: '2',
      selector: 'disagreement',
      kind: 'pair',
      annotator: 'alice',
      response_ms: '1234.5',
      revises: '',
      retracted_at: '42',
    });
    expect(JSON.parse(alice.label)).toEqual({ kind: 'pair', winner: 'A' });
    expect(alice.live_models.split(' ')).toHaveLength(2);
    expect(rec.find((r) => r.kind === 'ranking')).toMatchObject({ expert: '3', response_ms: '', retracted_at: '' });
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('an empty store gives the header alone', () => {
    const empty = openStore(join(tmp.dir, 'e.db'));
    try {
      expect([...exportCsv(empty)]).toEqual([CSV_COLUMNS.join(',')]);
    } finally {
      empty.close();
    }
  });
});

describe('hf export', () => {
  test('one pairwise preference per line from the current pair and ranking labels', () => {
    const lines = [...exportHf(store)];
    // Pair A ≻ B (alice) → 1; ranking [2, 0 | 1, 3] with expert 3 → 3≻{0,1,2}, 2≻0, 2≻1, 0≻1 = 6.
    expect(lines).toHaveLength(7);
    const pair = lines.find((l) => l.label_kind === 'pair')!;
    expect(pair).toMatchObject({
      task: 'rope-circle',
      scene_seed: 7,
      annotator: 'alice',
      response_ms: 1234.5,
      query_id: ids.pairQuery,
      chosen: { candidate: 0, frames: 'frames/1-0.bin', return: 0.5 },
      rejected: { candidate: 1, frames: null, return: 0.25 },
    });
    expect(pair.prompt).toBe(store.getQuery(ids.pairQuery).stateId);
    expect(pair.chosen.action).toEqual(store.getQuery(ids.pairQuery).candidates[0]);
    const ranking = lines
      .filter((l) => l.label_kind === 'ranking')
      .map((l) => [l.chosen.candidate, l.rejected.candidate]);
    expect(ranking).toEqual(
      expect.arrayContaining([
        [3, 0],
        [3, 1],
        [3, 2],
        [2, 0],
        [2, 1],
        [0, 1],
      ]),
    );
    expect(ranking).toHaveLength(6);
  });

  test('B winning puts B first; undone labels are left out; ties, skips, thumbs and triplets are counted', () => {
    const alice = store.labelsFor('rope-circle')[0].id;
    store.retractLabel(alice, 1);
    store.addLabel({
      queryId: ids.pairQuery,
      label: { kind: 'pair', winner: 'B' },
      annotator: 'alice',
      revises: alice,
    });
    const file = join(tmp.dir, 'prefs.jsonl');
    const summary = writeHfFile(store, file);
    expect(summary).toEqual({ preferences: 7, labels: 7, skipped: { ties: 1, skips: 1, binary: 1, triplet: 2 } });
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    const pair = lines.filter((l) => l.label_kind === 'pair');
    expect(pair.map((l) => [l.chosen.candidate, l.rejected.candidate])).toEqual([[1, 0]]);
    // A plain dataset: every line has the same keys, no trailer.
    for (const l of lines) expect(Object.keys(l)).toEqual(Object.keys(lines[0]));
  });
});
