/**
 * Child process for crash.test.ts: writes labels in a loop and prints each label id on its own
 * line once the commit has returned. Each iteration is one transaction of several rows (a query,
 * two outcomes, a label and its live-model link), so a kill mid-way must leave none of them.
 * Usage: node --import tsx crash-writer.ts DB_FILE
 */
import { writeSync } from 'node:fs';
import { openStore } from '../../../reward/store/index.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts DB_FILE');
const store = openStore(file);
const stateId = store.addState({ task: 'crash', seed: 1, snapshot: new Uint8Array(256).fill(7) });
const model = store.registerModel({
  id: `m-${process.pid}`,
  task: 'crash',
  kind: 'explicit',
  path: 'm.onnx',
  hash: 'h',
  metrics: {},
});
writeSync(1, 'ready\n');
for (let n = 0; ; n++) {
  const id = store.transaction(() => {
    const queryId = store.addQuery({
      stateId,
      selector: 'uniform',
      selectorScore: n,
      candidates: [
        { primitive: 'pick_place', p0: [n, 0, 0], p1: [0, n, 0] },
        { primitive: 'pick_place', p0: [0, 0, n], p1: [n, n, n] },
      ],
    });
    store.addOutcome({ queryId, candidate: 0, metrics: { iou: 0.5 }, return: n, framesRef: 'x'.repeat(200) });
    store.addOutcome({ queryId, candidate: 1, metrics: { iou: 0.25 }, return: -n });
    return store.addLabel({
      queryId,
      label: { kind: 'pair', winner: n % 2 ? 'A' : 'B' },
      annotator: 'writer',
      liveModels: [model],
    });
  });
  writeSync(1, `${id}\n`);
}
