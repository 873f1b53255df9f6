/** Public face of reward/selection: reward-guided action selection and query selection. */
export type { Policy } from '../../policy/policy.ts';
export {
  AlignedPolicy,
  RasConfigSchema,
  selectIndex,
  type RasConfig,
  type RasConfigInput,
  type RasDecision,
} from './ras.ts';
export {
  SELECTORS,
  SELECTOR_NAMES,
  selectorByName,
  greedyPick,
  randomSubset,
  type Selector,
  type SelectorName,
  type QueryChoice,
} from './query-selectors.ts';
export { sceneScorer, type SceneScorer } from './scene-scorer.ts';
export { CombinedReward, tradeoffWeights } from './combined-reward.ts';
