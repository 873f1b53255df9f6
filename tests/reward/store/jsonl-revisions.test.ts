/** Issue 17: an undone (retracted) label is exported as retracted, and import keeps its history. */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore, sealJsonl, type PreferenceStore } from '../../../reward/store/index.ts';
import { populate, tableContents, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let src: PreferenceStore;
let dst: PreferenceStore;
let undone: number;
let relabel: number;

beforeEach(() => {
  tmp = tempDir();
  src = openStore(join(tmp.dir, 'src.db'));
  dst = openStore(join(tmp.dir, 'dst.db'));
  const { pairQuery } = populate(src);
  undone = src.labelsFor('rope-circle').find((l) => l.annotator === 'alice' && l.queryId === pairQuery)!.id;
  src.retractLabel(undone, 1_700_000_001_000);
  relabel = src.addLabel({
    queryId: pairQuery,
    label: { kind: 'pair', winner: 'B' },
    annotator: 'alice',
    revises: undone,
    createdAt: 1_700_000_002_000,
  });
});
afterEach(() => {
  src.close();
  dst.close();
  tmp.cleanup();
});

test('the export marks the undone label retracted and the relabel as its revision', () => {
  const labels = [...src.exportJsonl()].map((l) => JSON.parse(l)).filter((o) => o.type === 'label');
  expect(labels.find((l) => l.id === undone)).toMatchObject({ retractedAt: 1_700_000_001_000, revises: null });
  expect(labels.find((l) => l.id === relabel)).toMatchObject({ retractedAt: null, revises: undone });
});

test.each(['keep', 'renumber'] as const)(
  'import (--ids %s) keeps the undone label out of training, with its history',
  (ids) => {
    dst.importJsonl([...src.exportJsonl()], { ids });
    const current = (s: PreferenceStore) => s.labelsFor('rope-circle').map((l) => [l.annotator, l.label]);
    expect(current(dst)).toEqual(current(src));
    expect(dst.trainingPairs('rope-circle')).toHaveLength(src.trainingPairs('rope-circle').length);
    const history = dst.labelsFor('rope-circle', { history: true });
    const retracted = history.filter((l) => dst.labelRevision(l.id).retractedAt !== null);
    expect(retracted).toHaveLength(1);
    const re = history.find((l) => dst.labelRevision(l.id).revises !== null)!;
    expect(dst.labelRevision(re.id).revises).toBe(retracted[0].id);
    expect(re.label).toEqual({ kind: 'pair', winner: 'B' });
  },
);

test('export → import into an empty store gives identical label rows, revision columns included', () => {
  dst.importJsonl([...src.exportJsonl()]);
  src.close();
  dst.close();
  expect(tableContents(join(tmp.dir, 'dst.db')).labels).toEqual(tableContents(join(tmp.dir, 'src.db')).labels);
  src = openStore(join(tmp.dir, 'src.db'));
  dst = openStore(join(tmp.dir, 'dst.db'));
});

test('a label line before issue 17 (no revision fields) still imports, as current', () => {
  const old = [...src.exportJsonl()].map((l) => {
    const o = JSON.parse(l);
    if (o.type === 'label') {
      delete o.revises;
      delete o.retractedAt;
    }
    return JSON.stringify(o);
  });
  // Re-seal: the trailer hashes the lines.
  dst.importJsonl(sealJsonl(old));
  expect(
    dst.labelsFor('rope-circle', { history: true }).every((l) => dst.labelRevision(l.id).retractedAt === null),
  ).toBe(true);
});
