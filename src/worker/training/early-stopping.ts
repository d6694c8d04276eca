// Keras' EarlyStopping(monitor, min_delta, patience, restore_best_weights=True). tfjs'
// own callback throws on restoreBestWeights (tfjs issue 8488), so this is written out.
import * as tf from '@tensorflow/tfjs';
import type { Monitor } from '../../shared/train-config.js';

export interface EarlyStoppingSettings {
  monitor: Monitor;
  minDelta: number;
  patience: number;
}

/** Plain data, so a checkpoint can carry it and a resume continue it. */
export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

export interface EpochScores {
  valLoss: number;
  valAccuracy: number;
}

export class EarlyStopping {
  private current: EarlyStoppingState;

  constructor(
    private readonly settings: EarlyStoppingSettings,
    state: EarlyStoppingState = { best: null, bestEpoch: 0, wait: 0 },
  ) {
    this.current = { ...state };
  }

  get state(): EarlyStoppingState {
    return { ...this.current };
  }

  /** Records epoch `epoch` (1-based); says whether it is the new best and whether to stop. */
  update(epoch: number, scores: EpochScores): { improved: boolean; stop: boolean } {
    const { monitor, minDelta, patience } = this.settings;
    const value = monitor === 'val_loss' ? scores.valLoss : scores.valAccuracy;
    const { best } = this.current;
    // As Keras: loss must fall, accuracy rise, by more than minDelta.
    const improved =
      Number.isFinite(value) &&
      (best === null || (monitor === 'val_loss' ? value < best - minDelta : value > best + minDelta));
    if (improved) {
      this.current = { best: value, bestEpoch: epoch, wait: 0 };
      return { improved, stop: false };
    }
    const wait = this.current.wait + 1;
    this.current = { ...this.current, wait };
    // Keras never stops on the first epoch, and patience 0 acts as 1.
    return { improved, stop: epoch > 1 && wait >= Math.max(patience, 1) };
  }
}

/** A copy of every weight, BatchNorm's moving statistics included (they are weights too). */
export class WeightSnapshot {
  constructor(
    readonly epoch: number,
    readonly weights: tf.Tensor[],
  ) {}

  static of(model: tf.LayersModel, epoch: number): WeightSnapshot {
    // clone(): the variables are reassigned every step; a clone keeps this step's values.
    return new WeightSnapshot(
      epoch,
      model.getWeights().map((weight) => weight.clone()),
    );
  }

  restoreInto(model: tf.LayersModel): void {
    model.setWeights(this.weights);
  }

  dispose(): void {
    tf.dispose(this.weights);
  }
}
