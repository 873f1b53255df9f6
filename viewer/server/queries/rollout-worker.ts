/**
 * Worker-thread entry that owns one Rapier world (and the candidate policy's ONNX sessions) and
 * prepares queries, so the server's event loop keeps streaming frames while the simulator runs.
 * States advance along an episode: each query starts where the previous query's last rollout
 * ended; a new seed after the task's step limit or success.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeRng, seedFor } from '../../../core/rng.ts';
import { initPhysics, loadTask, Scene } from '../../../sim/index.ts';
import { openStore } from '../../../reward/store/index.ts';
import { openCandidateSource } from './candidate-source.ts';
import { prepareServedQuery } from './served-query.ts';
import { localRollouts, remoteRollouts } from './rollout-backend.ts';
import type { PrepareReply, PrepareRequest, ReplayRequest, RolloutWorkerData } from './rollout-messages.ts';
import { replayStoredQuery } from './stored-replay.ts';
import { SelectionModel } from './selection-model.ts';

const data = workerData as RolloutWorkerData;
const task = await loadTask(data.task);
await initPhysics();
const source = await openCandidateSource(data.source, task.id);
const backend = data.queue ? await remoteRollouts(data.queue) : localRollouts;
const selection = new SelectionModel(data.selector ?? 'uniform');
const served = { oversample: data.oversample ?? 1, minOutcomeDistance: data.minOutcomeDistance ?? 0 };
const seeds = data.seeds ?? { dbPath: null, first: data.seed };
const seedStore = seeds.dbPath === null ? null : openStore(seeds.dbPath);
let counted = seeds.first ?? data.seed;
/** The next episode's seed: reserved in the store unless a first seed was chosen. */
function nextSeed(): number {
  if (seeds.first === null && seedStore) return seedStore.reserveSeed(task.id);
  const seed = counted++;
  seedStore?.noteSeed(task.id, seed);
  return seed;
}
let seed = nextSeed();
let scene = Scene.create(task, seed);
let policy = source.policyFor(scene);
const rng = makeRng(seedFor.rolloutWorker(seed));

function nextEpisode(): void {
  scene.free();
  seed = nextSeed();
  scene = Scene.create(task, seed);
  policy = source.policyFor(scene);
}

// One request at a time, so `close` never frees the scene under a rollout that awaits the policy.
let busy: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: PrepareRequest | ReplayRequest | { close: true }) => {
  busy = busy.then(() => handle(req));
});

async function handle(req: PrepareRequest | ReplayRequest | { close: true }): Promise<void> {
  if ('replay' in req) {
    let reply: PrepareReply;
    try {
      reply = { id: req.id, ok: true, query: replayStoredQuery(task, req.replay, 'stored') };
    } catch (e) {
      reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply);
    return;
  }
  if ('close' in req) {
    await source.free();
    await selection.free();
    await backend.close();
    scene.free();
    seedStore?.close();
    parentPort!.postMessage({ closed: true });
    parentPort!.close();
    return;
  }
  let chosen: Awaited<ReturnType<SelectionModel['stages']>>;
  try {
    chosen = await selection.stages(req.model);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: (e as Error).message } satisfies PrepareReply);
    return;
  }
  let reply: PrepareReply;
  try {
    if (scene.stepsTaken >= task.maxSteps || scene.succeeded()) nextEpisode();
    const stages = { policy, ...chosen, rollouts: backend.run };
    const query = await prepareServedQuery(scene, req.flow, source.name, stages, served, rng);
    reply = { id: req.id, ok: true, query };
  } catch (e) {
    // A state the simulator cannot continue from: start a fresh episode for the next request.
    try {
      nextEpisode();
    } catch {
      /* reported below */
    }
    reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
}
parentPort!.postMessage({
  ready: true,
  source: {
    name: source.name,
    detail: backend === localRollouts ? source.detail : `${source.detail}; rollouts: ${backend.name}`,
  },
});
