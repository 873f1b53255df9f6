/** RAFT: the diffusion policy fine-tuned on its own reward-ranked candidates (issue 19 §2). */
export { RaftConfigSchema, raftEpisodeSeed, type RaftConfig, type RaftConfigInput } from './raft-config.ts';
export { collectTopK, topK, type RaftScorer, type TopKResult } from './top-k.ts';
export { demoRowsFor, mixWithDemos } from './mix.ts';
export { runRaft, type RaftOptions, type RaftProgress, type RaftRecord } from './raft.ts';
export { baseDemoOptions } from './base-demos.ts';
