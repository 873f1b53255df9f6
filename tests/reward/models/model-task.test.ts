/**
 * Issue 17, item 6: a reward model of another task is refused wherever a model is named (eval, reward eval, collect
 * --reward).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { resolveModelSpec } from '../../../reward/models/index.ts';
import { openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import { tempDir } from '../store/fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore;
beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 'p.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

test('a registered id, its file, or a file named for another task is refused naming both tasks', () => {
  const path = join(tmp.dir, 'rope-circle-explicit-abc.onnx');
  writeFileSync(path, 'x');
  const id = store.registerModel({ task: 'rope-circle', kind: 'explicit', path, hash: 'abc', metrics: {} });
  expect(() => resolveModelSpec(store, id, 'push-T')).toThrow(
    `reward model ${id}: a reward model of task rope-circle, not push-T (registered in ${store.path})`,
  );
  expect(() => resolveModelSpec(store, path, 'push-T')).toThrow(
    `reward model ${path}: a reward model of task rope-circle, not push-T`,
  );
  expect(resolveModelSpec(store, id, 'rope-circle')).toEqual({ id, path });
  const loose = join(tmp.dir, 'cloth-flatten-explicit-def.onnx');
  writeFileSync(loose, 'x');
  expect(() => resolveModelSpec(store, loose, 'push-T')).toThrow(
    `reward model ${loose}: the file is named for task cloth-flatten, not push-T`,
  );
  expect(resolveModelSpec(store, loose, 'cloth-flatten')).toEqual({ id: loose, path: loose });
});
