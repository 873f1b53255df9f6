/**
 * A stored query rolled out again (runs inside the rollout worker): the label browser's replay of
 * a label from before this server started, whose frames were never kept. The state's snapshot and
 * the stored candidates are all it needs, since the simulator is deterministic from a snapshot.
 */
import { encodeRuns, runCandidates, startFrame } from '../../../reward/collect/index.ts';
import type { SelectorName } from '../../../reward/selection/index.ts';
import { type Action, Scene, type TaskSpec } from '../../../sim/index.ts';
import type { Flow } from '../../protocol/index.ts';
import type { PreparedQuery } from './prepared-query.ts';
import { sceneInfo } from './scene-info.ts';

/** What the store holds of a query, enough to show it again. */
export interface StoredQuerySpec {
  flow: Flow;
  seed: number;
  /** `scene.snapshot()` of the state, as stored. */
  snapshot: Uint8Array;
  /** `encodeObservation` bytes, as stored. */
  observation: Uint8Array;
  /** [K] normalised candidates, as stored. */
  candidates: Action[];
  selector: SelectorName;
  selectorScore: number | null;
}

/** Rolls `spec`'s candidates out from its snapshot in a scene of its own (the episode's is untouched). */
export function replayStoredQuery(task: TaskSpec, spec: StoredQuerySpec, source: string): PreparedQuery {
  const scene = Scene.create(task, spec.seed);
  try {
    scene.restore(spec.snapshot);
    const start = startFrame(scene);
    const encoded = encodeRuns(start, runCandidates(scene, spec.snapshot, spec.candidates));
    return {
      flow: spec.flow,
      task: task.id,
      seed: spec.seed,
      snapshot: spec.snapshot,
      observation: spec.observation,
      candidates: spec.candidates,
      worldCandidates: encoded.worldCandidates,
      source,
      scene: sceneInfo(scene),
      startFrame: encoded.startFrame,
      frames: encoded.frames,
      metrics: encoded.metrics,
      selector: spec.selector,
      selectorScore: spec.selectorScore,
      skipped: 0,
      closest: 0,
    };
  } finally {
    scene.free();
  }
}
