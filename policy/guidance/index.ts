/** RLG guidance: sampling between a reference policy and its Diffusion-DPO fine-tune (issue 19 §3). */
export {
  GuidedPolicy,
  guidedEps,
  isImplicitCheckpoint,
  IMPLICIT_KIND,
  IMPLICIT_PREFIX,
  type GuidedOptions,
} from './guided-policy.ts';
