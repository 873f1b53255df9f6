/** What `prefsim view` serves as /episode.json: one recorded episode's summary and drawing info. */
import type { Metrics } from '../../sim/types.ts';
import type { SceneInfo } from './scene-info.ts';

export interface EpisodeView {
  file: string;
  task: string;
  /** The task's action primitive: which tools are drawn. */
  primitive: string;
  seed: number;
  info: SceneInfo;
  initialMetrics: Metrics | null;
  steps: { metrics: Metrics; frameStart: number; frameCount: number }[];
  frames: number;
}
