// The training loop's step is tfjs' own trainOnBatch without the read-back: same loss,
// same accuracy, same weights after it, and nothing left behind.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { buildModel } from '../../src/worker/model/model.js';
import { readScores, trainStep } from '../../src/worker/training/train-step.js';

const BATCH = 16;

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

describe('train step', () => {
  before(async () => {
    expect(await tf.setBackend('cpu')).to.equal(true);
  });

  it('gives trainOnBatch’s loss, accuracy and updated weights, and leaks no tensor', async () => {
    // Dropout off: its random masks would differ between the two models.
    const viaFit = buildModel(0.001, { dropout: 0 });
    const viaStep = buildModel(0.001, { dropout: 0 });
    viaStep.setWeights(viaFit.getWeights());
    const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 7);
    const y = tf.randomUniform([BATCH, 1], 0, 10, 'int32', 8).toFloat();
    // Both warmed up by trainOnBatch: the step must carry on with the Adam moments it
    // made (as after loading a checkpoint), variable for variable.
    await viaFit.trainOnBatch(x, y);
    await viaStep.trainOnBatch(x, y);

    const tensors = tf.memory().numTensors;
    const expected = (await viaFit.trainOnBatch(x, y)) as number[];
    const scores = await readScores([trainStep(viaStep, x, y), trainStep(viaStep, x, y)]);
    const again = (await viaFit.trainOnBatch(x, y)) as number[];
    expect(tf.memory().numTensors, 'tensors after the steps').to.equal(tensors);

    // The same operations in the same order on the CPU backend: equal to the last bit.
    expect(Array.from(scores)).to.deep.equal([expected, again].flat().map(Math.fround));
    expect(scores[0]).to.be.greaterThan(0);
    const [a, b] = [await weightsOf(viaFit), await weightsOf(viaStep)];
    expect(a).to.have.length(viaFit.getWeights().length);
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i]), `weight ${i}`).to.deep.equal(Array.from(a[i]));
    expect(viaStep.optimizer.iterations).to.equal(viaFit.optimizer.iterations);
    tf.dispose([x, y]);
    viaFit.dispose();
    viaStep.dispose();
  });

  it('reads nothing when nothing is queued', async () => {
    expect(await readScores([])).to.have.length(0);
  });
});
