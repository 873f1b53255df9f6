/** Worker-thread entry: imports the trainer module and runs one training per request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainRequest, TrainerModule } from './reward-trainer.ts';

const mod = (await import(workerData.module as string)) as TrainerModule;

parentPort!.on('message', async (req: TrainRequest & { id: number }) => {
  try {
    const modelId = await mod.trainer.train(req);
    parentPort!.postMessage({ id: req.id, ok: true, modelId });
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
