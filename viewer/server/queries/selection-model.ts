/**
 * The live reward model as the rollout worker's selector sees it: the registered model named in
 * each request, opened once and kept until a newer one is named (the server hot-swaps models;
 * the worker follows). Disagreement and entropy need an ensemble; with none yet, queries are
 * chosen uniformly and stored as such.
 */
import type { UncertainRewardModel } from '../../../reward/models/reward-model.ts';
import { openRewardModel } from '../../../reward/models/model-io.ts';
import { selectorByName, type Selector, type SelectorName } from '../../../reward/selection/index.ts';
import type { LiveModelRef } from './rollout-messages.ts';

type Opened = Awaited<ReturnType<typeof openRewardModel>>;

export class SelectionModel {
  #ref: LiveModelRef | null = null;
  #model: Opened | null = null;

  constructor(private readonly wanted: SelectorName) {}

  /** The selector and model for the next query, given the server's current live model. */
  async stages(ref: LiveModelRef | null | undefined): Promise<{ selector: Selector; model?: UncertainRewardModel }> {
    if (this.wanted === 'uniform' || !ref) return { selector: selectorByName('uniform') };
    if (this.#ref?.id !== ref.id) {
      const old = this.#model;
      this.#model = null;
      this.#ref = ref;
      await old?.free();
      // A model that cannot be opened is reported once; later queries are chosen uniformly.
      this.#model = await openRewardModel(ref.path, ref.id).catch((e: Error) => {
        const why = `live model ${ref.id}: ${e.message}; choosing uniformly until the next model`;
        throw new Error(`selector ${this.wanted}: ${why}`);
      });
    }
    const m = this.#model;
    if (!m || !('memberScores' in m)) return { selector: selectorByName('uniform') };
    return { selector: selectorByName(this.wanted), model: m as UncertainRewardModel };
  }

  async free(): Promise<void> {
    const m = this.#model;
    this.#model = null;
    this.#ref = null;
    await m?.free();
  }
}
