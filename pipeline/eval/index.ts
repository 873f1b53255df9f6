/** Batch evaluation of policies over many seeds in a worker pool (issue 7). */
export { EvalJobSchema, type EvalJob, type EvalJobInput, type EvalResult } from './job.ts';
export { METHODS, METHOD_NOTES, type MethodActor, type MethodFactory } from './methods.ts';
export { runEvalJob } from './run-job.ts';
export { makeLocalPool, type JobRunner } from './local-pool.ts';
export { planJobs, runEvaluation, type EvalPlan, type EvalReport } from './run-eval.ts';
export { summariseMethod, type MethodSummary } from './aggregate.ts';
export { gainShare, type GainShare } from './gain-share.ts';
export { selectionEfficiencies, RAS_METHODS, type SelectionEfficiency } from './selection.ts';
export { candidateReturns, regretOf, argmax } from './best-of-n.ts';
export { bootstrapMeanCI, meanCI, wilsonCI, type MeanCI, type RateCI } from './stats.ts';
export {
  renderReportHtml,
  type CandidatesSweepRow,
  type ReliabilityBin,
  type ReliabilitySection,
} from './report-html.ts';
export { pairedDifferences, type PairedDifference } from './report/paired.ts';
export { meanText } from './report/format.ts';
export { metricRange, METRIC_RANGES } from './metric-range.ts';
export { reportReliability } from './report-reliability.ts';
export { tradeoffPoint, type Tradeoff, type TradeoffPoint } from './tradeoff.ts';
export { labelledSceneNote } from './scene-overlap.ts';
