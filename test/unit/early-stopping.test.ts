import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import {
  EarlyStopping,
  WeightSnapshot,
  type EarlyStoppingSettings,
  type EarlyStoppingState,
} from '../../src/worker/training/early-stopping.js';

/** Feeds epochs until early stopping says stop; returns that epoch (or null) and the best one. */
function replay(settings: EarlyStoppingSettings, scores: number[]) {
  const stopping = new EarlyStopping(settings);
  for (let i = 0; i < scores.length; i++) {
    const value = scores[i];
    if (stopping.update(i + 1, { valLoss: value, valAccuracy: value }).stop) {
      return { stoppedAt: i + 1, best: stopping.state.bestEpoch };
    }
  }
  return { stoppedAt: null, best: stopping.state.bestEpoch };
}

const loss = (patience: number, minDelta = 0): EarlyStoppingSettings => ({ monitor: 'val_loss', minDelta, patience });

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a lower val_loss', () => {
    expect(replay(loss(2), [1.0, 0.8, 0.85, 0.9, 0.7])).to.deep.equal({ stoppedAt: 4, best: 2 });
  });

  it('runs on while the loss keeps falling', () => {
    expect(replay(loss(1), [1.0, 0.9, 0.8, 0.7])).to.deep.equal({ stoppedAt: null, best: 4 });
  });

  it("waits the notebook's 20 epochs", () => {
    const scores = [1.0, 0.9, 0.5, ...Array.from({ length: 30 }, () => 0.6)];
    expect(replay(loss(20), scores)).to.deep.equal({ stoppedAt: 23, best: 3 });
  });

  it('counts only improvements larger than minDelta', () => {
    expect(replay(loss(2, 0.01), [1.0, 0.995, 0.991, 0.98])).to.deep.equal({ stoppedAt: 3, best: 1 });
  });

  it('wants val_accuracy to rise', () => {
    const settings: EarlyStoppingSettings = { monitor: 'val_accuracy', minDelta: 0, patience: 1 };
    expect(replay(settings, [0.5, 0.7, 0.6])).to.deep.equal({ stoppedAt: 3, best: 2 });
  });

  it('never takes NaN as an improvement', () => {
    expect(replay(loss(1), [Number.NaN, 1.0, Number.NaN])).to.deep.equal({ stoppedAt: 3, best: 2 });
  });

  it('continues from a saved state exactly as without the break', () => {
    const scores = [1.0, 0.8, 0.9, 0.95, 0.85, 0.99];
    const first = new EarlyStopping(loss(3));
    scores.slice(0, 3).forEach((value, i) => first.update(i + 1, { valLoss: value, valAccuracy: 0 }));
    const resumed = new EarlyStopping(loss(3), JSON.parse(JSON.stringify(first.state)) as EarlyStoppingState);
    const verdicts = scores.slice(3).map((value, i) => resumed.update(i + 4, { valLoss: value, valAccuracy: 0 }).stop);
    expect(verdicts).to.deep.equal([false, true, true]);
    expect(replay(loss(3), scores).stoppedAt).to.equal(5);
  });
});

describe('WeightSnapshot', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('restores every weight of the snapshot, BatchNorm moving statistics included', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3 }),
        tf.layers.batchNormalization(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = tf.randomNormal([16, 4], 3, 2, 'float32', 1);
    const y = tf.randomNormal([16, 2], 0, 1, 'float32', 2);
    const step = () => model.trainOnBatch(x, y);
    const values = () => model.getWeights().map((weight) => Array.from(weight.dataSync()));

    await step();
    const snapshot = WeightSnapshot.of(model, 1);
    const atSnapshot = values();
    for (let i = 0; i < 5; i++) await step();
    const later = values();
    const movingMean = model.weights.findIndex((weight) => weight.name.includes('moving_mean'));
    expect(movingMean).to.be.at.least(0);
    expect(later[movingMean]).to.not.deep.equal(atSnapshot[movingMean]);

    snapshot.restoreInto(model);
    expect(values()).to.deep.equal(atSnapshot);
    snapshot.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
});
