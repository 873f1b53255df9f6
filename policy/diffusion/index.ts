/** Diffusion policy (METHODS.md §2): schedule, network, trainer, sampler and the loaded policy. */
export * from './config.ts';
export { makeNoiseSchedule, addNoise, type NoiseSchedule } from './noise-schedule.ts';
export {
  fixedNoise,
  noiseFromRng,
  sampleDiffusion,
  samplingTimesteps,
  type EpsFn,
  type NoiseSource,
} from './sampler.ts';
export {
  buildDenoiserGraph,
  buildEncoderGraph,
  buildTrainingGraph,
  condWidth,
  IO,
  usesLocalCode,
} from './network.ts';
export { localCode } from './local-code.ts';
export { observationCode } from './observation-code.ts';
export { parseArchitecture, POLICY_KIND, PolicyArchitectureSchema, type PolicyArchitecture } from './architecture.ts';
export { trainPolicy, type TrainPolicyOptions, type TrainPolicyResult, type TrainProgress } from './trainer.ts';
export { DiffusionPolicy, type OpenPolicyOptions, type SampleOptions } from './diffusion-policy.ts';
