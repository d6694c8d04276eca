// "Same seed, same weights" on the CPU and WebGL backends: a whole epoch over a subset,
// with seeded initial weights, dropout masks, order and augmentation, twice, to the bit.
// (Whole runs on wasm go through the worker in test/workers/determinism.test.ts; these
// backends are too slow for them here. GPUs promise no bit-exact arithmetic, so the page
// promises webgl and webgpu only "nearly"; the software GL here is exact.)
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { loadMnist, type Mnist } from '../../src/worker/data/dataset.js';
import { SeededRandom, shuffle, streamSeed } from '../../src/worker/data/random.js';
import { augmentBatch } from '../../src/worker/data/augment.js';
import { buildModel } from '../../src/worker/model/model.js';
import { SeededDropout, useDropoutRandom } from '../../src/worker/model/seeded-dropout.js';
import { fullBatches, trainBatches } from '../../src/worker/training/batch-loop.js';
import { NOTEBOOK_AUGMENTATION } from '../../src/shared/train-config.js';

const IMAGES = 256;
const BATCH = 32;

/** One epoch of the first IMAGES training images, every random draw from `seed`'s streams. */
async function trainEpoch(mnist: Mnist, seed: number): Promise<Float32Array> {
  const model = buildModel(0.001, { seed });
  useDropoutRandom(model, new SeededRandom(streamSeed(seed, 'dropout')));
  const order = shuffle(
    Uint32Array.from({ length: IMAGES }, (_, i) => i),
    new SeededRandom(streamSeed(seed, 'order')),
  );
  const augmentRandom = new SeededRandom(streamSeed(seed, 'augment'));
  await trainBatches({
    model,
    ...fullBatches(mnist.train, order, BATCH),
    augment: (x) => augmentBatch(x, NOTEBOOK_AUGMENTATION, augmentRandom),
    readEvery: 1,
  });
  const weights = model.getWeights();
  const values = await Promise.all(weights.map((w) => w.data()));
  model.dispose();
  return Float32Array.from(values.flatMap((v) => Array.from(v as Float32Array)));
}

describe('seeded training', () => {
  let mnist: Mnist;
  before(async () => {
    mnist = await loadMnist({ baseUrl: new URL('/mnist-fixtures/good/', location.href), dbName: 'test-seeded' });
  });
  after(async () => {
    await tf.setBackend('cpu');
  });

  for (const backend of ['cpu', 'webgl']) {
    it(`on ${backend}, trains the same weights to the bit from the same seed, and others from another`, async () => {
      expect(await tf.setBackend(backend)).to.equal(true);
      const one = await trainEpoch(mnist, 11);
      const two = await trainEpoch(mnist, 11);
      const other = await trainEpoch(mnist, 12);
      expect(one).to.have.length(233_802);
      const mismatch = one.findIndex((value, i) => !Object.is(value, two[i]));
      expect(mismatch, 'the first weight that differs').to.equal(-1);
      expect(other.some((value, i) => Math.abs(value - one[i]) > 0.01)).to.equal(true);
    });
  }

  it('draws dropout masks from the stream it is given: one stream, one mask', async () => {
    await tf.setBackend('cpu');
    const model = buildModel(0.001, { seed: 1 });
    const [dropout] = model.layers.filter((layer) => layer instanceof SeededDropout);
    const x = tf.ones([4, 128]);
    const maskFrom = (seed: number) => {
      dropout.random = new SeededRandom(seed);
      return tf.tidy(() => Array.from((dropout.apply(x, { training: true }) as tf.Tensor).dataSync()));
    };
    const [a, b, c] = [maskFrom(5), maskFrom(5), maskFrom(6)];
    expect(a).to.deep.equal(b);
    expect(a).to.not.deep.equal(c);
    // Kept units scaled by 1 / (1 - 0.2), as Keras; about a fifth dropped.
    expect(new Set(a.map((v) => v.toFixed(4)))).to.deep.equal(new Set(['0.0000', '1.2500']));
    expect(a.filter((v) => v === 0).length).to.be.within(60, 145);
    expect(Array.from((dropout.apply(x, { training: false }) as tf.Tensor).dataSync())).to.deep.equal(
      new Array(512).fill(1),
    );
    tf.dispose(x);
    model.dispose();
  });
});
