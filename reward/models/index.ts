/** Public face of reward/models: reward models (METHODS §4) and their quality measures (§9). */
export { REWARD_KINDS, sigmoid, preferenceProbability } from './reward-model.ts';
export type { RewardKind, RewardModel, UncertainRewardModel } from './reward-model.ts';
export { expectedCalibrationError, reliabilityDiagram, type ReliabilityBin } from './calibration.ts';
export { logSigmoid, logSigmoidTransform, combineRewards, median } from './transform.ts';
export { ranks, pearson, spearman, preferenceAccuracy } from './rank-metrics.ts';
export { ACTION_DIMS, CANDIDATE_DIMS, candidateMatrix, samplePointsInto, writeAction } from './features.ts';
export { makePairData, subsetPairs, pairBatch, pairCount, bootstrapIndices, type PairData } from './pair-data.ts';
export { ExplicitConfigSchema, type ExplicitConfig, type ExplicitConfigInput } from './explicit-config.ts';
export {
  buildExplicitGraph,
  explicitEncoder,
  explicitMember,
  ENCODER_FIELDS,
  pairLosses,
  pairMargin,
} from './explicit-network.ts';
export {
  physicsRollouts,
  physicsTarget,
  PHYSICS_TARGET_DIMS,
  type PhysicsTransitions,
  type RolloutOptions,
} from './pretrain-rollouts.ts';
export {
  pretrainExplicitEncoder,
  readPretrainedEncoder,
  ENCODER_PREFIX,
  type PretrainOptions,
  type PretrainResult,
} from './explicit-pretrain.ts';
export type { PretrainedEncoder } from './explicit-member.ts';
export { ExplicitRewardModel } from './explicit-model.ts';
export {
  trainExplicit,
  parseExplicitConfig,
  type TrainProgress,
  type TrainOptions,
  type ExplicitTrainResult,
} from './explicit-trainer.ts';
export { keepRate, curriculumFraction, smallLossSelection, marginOrder } from './crm.ts';
export { meanScores, pairStats, binaryEntropy } from './ensemble.ts';
export { pairsFromStore, type StorePairs } from './store-data.ts';
export {
  HELD_OUT_FRACTION,
  MIN_TRUSTED_PAIRS,
  isHeldOutEpisode,
  episodeHash,
  episodeSplit,
  type EpisodeSplit,
  type SeedSource,
} from './split.ts';
export { wilsonInterval, proportion, type Proportion } from './wilson.ts';
export { evaluateOnStore, type RewardEvaluation, type EvaluateOptions, type RankCorrelation } from './evaluate.ts';
export { registryMetrics, readLabelAccuracy, type RegistryMetrics } from './registry-metrics.ts';
export { saveAndRegister, openRewardModel, resolveModelSpec, type SavableModel } from './model-io.ts';
export {
  cosineCost,
  euclideanCost,
  costMatrix,
  OT_COSTS,
  sinkhorn,
  otRewards,
  type OtCost,
  type SinkhornOptions,
} from './sinkhorn.ts';
export { sinkhornGraph } from './sinkhorn-graph.ts';
export { RaplConfigSchema, type RaplConfig, type RaplConfigInput } from './rapl-config.ts';
export { trajectoryFromFrames, type Trajectory } from './trajectory.ts';
export {
  frameEncoder,
  buildTripletGraph,
  buildScalarPairGraph,
  cosineCostGraph,
  euclideanCostGraph,
  costGraph,
  unitRows,
  sharedEncoder,
} from './rapl-network.ts';
export { RaplRewardModel, type RolloutFn, type RolloutReward } from './rapl-model.ts';
export {
  trainRapl,
  trainScalarTrajectoryReward,
  type TrajectoryTriplet,
  type RaplTrainOptions,
} from './rapl-trainer.ts';
export { tripletsFromStore, preferredDemosFromStore, storedTrajectory } from './rapl-store.ts';
export { evaluateRaplOnStore, type RaplEvaluation } from './rapl-evaluate.ts';
export { lookaheadRollout } from './rapl-lookahead.ts';
export { recordEpisode, type RecordedEpisode } from './rapl-episodes.ts';
export { binnedTriplets, type BinnedTripletOptions, type IndexTriplet } from './rapl-triplets.ts';
export { encodeTrajectory, decodeTrajectory, type TrajectoryJson } from './trajectory.ts';
export { inlineGraph } from './inline-graph.ts';
export {
  ImplicitConfigSchema,
  IMPLICIT_LOSSES,
  parseImplicitConfig,
  type ImplicitConfig,
  type ImplicitConfigInput,
} from './implicit-config.ts';
export {
  buildDpoGraph,
  buildScoreGraph,
  policyNets,
  netsFrom,
  IMPLICIT_IO,
  THETA,
  REF,
  type DpoGraph,
  type PolicyNets,
} from './implicit-network.ts';
export { ImplicitRewardModel, implicitDraws, encoderInputs, type ImplicitDraws } from './implicit-model.ts';
export {
  trainImplicit,
  implicitPairs,
  implicitModel,
  readPolicy,
  dpoFeeds,
  type ImplicitPairs,
  type ImplicitProgress,
  type ImplicitTrainOptions,
  type ImplicitTrainResult,
} from './implicit-trainer.ts';
export {
  trainExplicitOnStore,
  trainImplicitOnStore,
  trainRaplOnStore,
  RAPL_DEMOS,
  type StoreTrainResult,
} from './train-on-store.ts';
export {
  LiveEnsembleOptionsSchema,
  parseLiveEnsembleOptions,
  trainLiveEnsemble,
  predictCandidates,
  openLiveEnsemble,
  type LiveEnsembleOptions,
  type CandidatePrediction,
} from './live-ensemble.ts';
