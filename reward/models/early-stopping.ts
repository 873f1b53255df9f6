/**
 * Training discipline shared by reward trainers (issue 12 §2): a validation split carved from the
 * training data by episode (scene seed), so consecutive states of one episode never straddle it,
 * and early stopping on validation loss that keeps the best epoch's weights. Pure functions and
 * one small state holder; no I/O.
 */

/** Deterministic membership of an episode (scene seed) in the validation split. */
export function isValidationEpisode(episode: number, fraction: number, seed: number): boolean {
  let h = (Math.imul(episode, 0x9e3779b1) ^ Math.imul(seed + 0x51ed27, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x2c1b3c6d) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  return (h % 10000) / 10000 < fraction;
}

export interface ValidationSplit {
  /** Pair indices trained on. */
  train: Int32Array;
  /** Pair indices whose loss decides early stopping (empty: no early stopping). */
  validation: Int32Array;
}

/**
 * Splits pairs by the episode of each pair (`episodeOf` [P]). Falls back to no validation when
 * fewer than two episodes exist or one side would be empty, so tiny data still trains.
 */
export function splitByEpisode(episodeOf: ArrayLike<number>, fraction: number, seed: number): ValidationSplit {
  const all = Int32Array.from({ length: episodeOf.length }, (_, i) => i);
  if (fraction <= 0) return { train: all, validation: new Int32Array(0) };
  const train: number[] = [],
    validation: number[] = [];
  for (let i = 0; i < episodeOf.length; i++)
    (isValidationEpisode(episodeOf[i], fraction, seed) ? validation : train).push(i);
  if (train.length === 0 || validation.length === 0) return { train: all, validation: new Int32Array(0) };
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

/** What early stopping decided, for the registry. */
export interface StoppingRecord {
  /** Epochs run (≤ the configured maximum). */
  epochsUsed: number;
  /** Epoch (1-based; 0 = the starting weights) whose weights were kept. */
  bestEpoch: number;
  /** Mean training loss of the kept epoch (NaN when the starting weights were kept). */
  trainLoss: number;
  /** Validation loss of the kept weights (NaN without a validation split). */
  validationLoss: number;
}

/**
 * Tracks the best validation loss; `update` returns true when the weights just measured are the
 * new best (the caller snapshots them) and `shouldStop` says when `patience` epochs passed without
 * an improvement larger than `minDelta`. Without validation it never stops and keeps the last epoch.
 */
export class EarlyStopping {
  private best = Infinity;
  private bestEpoch = 0;
  private bestTrain = NaN;
  private epochs = 0;
  private lastTrain = NaN;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
    private readonly hasValidation: boolean,
  ) {}

  /** Records epoch `epoch` (0 = before training) with its losses; true when these weights are the best so far. */
  update(epoch: number, trainLoss: number, validationLoss: number): boolean {
    this.epochs = epoch;
    this.lastTrain = trainLoss;
    if (!this.hasValidation) {
      this.bestEpoch = epoch;
      this.bestTrain = trainLoss;
      return true;
    }
    if (validationLoss < this.best - this.minDelta) {
      this.best = validationLoss;
      this.bestEpoch = epoch;
      this.bestTrain = trainLoss;
      return true;
    }
    return false;
  }

  shouldStop(): boolean {
    return this.hasValidation && this.epochs - this.bestEpoch >= this.patience;
  }

  record(): StoppingRecord {
    return {
      epochsUsed: this.epochs,
      bestEpoch: this.bestEpoch,
      trainLoss: this.hasValidation ? this.bestTrain : this.lastTrain,
      validationLoss: this.hasValidation ? this.best : NaN,
    };
  }
}
