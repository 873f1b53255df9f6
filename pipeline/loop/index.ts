/** The headless preference-learning loop (issue 7 §1), resumable from the store. */
export { LOOP_IMPROVERS, LOOP_MODELS, LoopConfigSchema, type LoopConfig, type LoopConfigInput } from './loop-config.ts';
export { loopRunKey, loadLoopState, type LoopState, type RoundSummary } from './loop-state.ts';
export { runLoop, type LoopProgress, type LoopResult } from './run-loop.ts';
export { EVAL_SEED_BASE, HELD_OUT } from './stages.ts';
export { improveStage, ORACLE_REWARD, raftImprove, type ImproveOptions, type ImproveResult } from './improve-stage.ts';
