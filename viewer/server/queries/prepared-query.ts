/**
 * One query rolled out from one snapshot (ARCHITECTURE.md, "One preference query"): everything the
 * server streams to an annotator and stores once the query is labelled. Frames are encoded once
 * (int16 frame records) and reused for every annotator and every replay.
 */
import type { SelectorName } from '../../../reward/selection/index.ts';
import type { Action, Metrics } from '../../../sim/index.ts';
import type { Flow, SceneInfo } from '../../protocol/index.ts';

export interface PreparedQuery {
  flow: Flow;
  task: string;
  seed: number;
  /** `scene.snapshot()` of the state every candidate starts from. */
  snapshot: Uint8Array;
  /** `encodeObservation` of that state's observation (what reward models score). */
  observation: Uint8Array;
  /** [K] candidate actions, normalised frame (as stored). */
  candidates: Action[];
  /** [K] the same actions in the world frame (for drawing arrows). */
  worldCandidates: Action[];
  source: string;
  scene: SceneInfo;
  /** Frame record of the start state (particles and bodies before any action). */
  startFrame: Uint8Array;
  /** [K][F_k] frame records of each candidate's rollout, 30 fps. */
  frames: Uint8Array[][];
  /** [K] task metrics after each candidate. */
  metrics: Metrics[];
  /** The selector that chose the candidates (uniform while no live model exists) and its score. */
  selector: SelectorName;
  selectorScore: number | null;
  /** Draws skipped for near-identical outcomes, and the closest shown outcomes (metres). */
  skipped: number;
  closest: number;
}
