/** Public face of reward/models: reward models (METHODS §4) and their quality measures (§9). */
export { REWARD_KINDS, sigmoid, preferenceProbability } from './reward-model.ts';
export type { RewardKind, RewardModel, UncertainRewardModel } from './reward-model.ts';
export { expectedCalibrationError, reliabilityDiagram, type ReliabilityBin } from './calibration.ts';
export { logSigmoid, logSigmoidTransform, combineRewards, median } from './transform.ts';
export { ranks, pearson, spearman, preferenceAccuracy } from './rank-metrics.ts';
export { ACTION_DIMS, actionMatrix, samplePointsInto, writeAction } from './features.ts';
export { makePairData, subsetPairs, pairBatch, pairCount, bootstrapIndices, type PairData } from './pair-data.ts';
export { ExplicitConfigSchema, type ExplicitConfig, type ExplicitConfigInput } from './explicit-config.ts';
export { buildExplicitGraph, explicitMember, pairLosses, pairMargin } from './explicit-network.ts';
export { ExplicitRewardModel } from './explicit-model.ts';
export { trainExplicit, parseExplicitConfig, type TrainProgress, type TrainOptions, type ExplicitTrainResult } from './explicit-trainer.ts';
export { keepRate, curriculumFraction, smallLossSelection, marginOrder } from './crm.ts';
export { meanScores, pairStats, binaryEntropy } from './ensemble.ts';
