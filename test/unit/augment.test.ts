import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { centreOfMass } from '../support/centre-of-mass.js';
import {
  IDENTITY,
  augmentBatch,
  randomParams,
  transformImages,
  transformRow,
  type AugmentParams,
} from '../../src/worker/data/augment.js';
import { SeededRandom } from '../../src/worker/data/random.js';

const SIDE = 28;
const NONE = { rotationRange: 0, zoomRange: 0, widthShiftRange: 0, heightShiftRange: 0 };
const KERAS = { rotationRange: 10, zoomRange: 0.1, widthShiftRange: 0.1, heightShiftRange: 0.1 };

/** One 28x28 image, black but for the given pixels set to 1. */
function imageWith(pixels: [number, number][]): tf.Tensor4D {
  const data = new Float32Array(SIDE * SIDE);
  for (const [x, y] of pixels) data[y * SIDE + x] = 1;
  return tf.tensor4d(data, [1, SIDE, SIDE, 1]);
}

async function transformed(pixels: [number, number][], params: Partial<AugmentParams>): Promise<Float32Array> {
  const input = imageWith(pixels);
  const output = transformImages(input, [{ ...IDENTITY, ...params }]);
  const data = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  return data;
}

const at = (data: Float32Array, x: number, y: number) => data[y * SIDE + x];

describe('augmentation', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('maps output pixels to input pixels as the formula says', () => {
    const row = transformRow({ ...IDENTITY, shiftX: 3, shiftY: -2 }, SIDE);
    // Output (13, 10) samples input (10, 12): the content moved 3 right and 2 up.
    expect(row[0] * 13 + row[1] * 10 + row[2]).to.be.closeTo(10, 1e-9);
    expect(row[3] * 13 + row[4] * 10 + row[5]).to.be.closeTo(12, 1e-9);
    expect(row.slice(6)).to.deep.equal([0, 0]);
  });

  it('gives back the input when every range is 0', async () => {
    const images = tf.randomUniform<tf.Rank.R4>([3, SIDE, SIDE, 1], 0, 1, 'float32', 1);
    const output = augmentBatch(images, NONE, new SeededRandom(1));
    const difference = (await tf.max(tf.abs(tf.sub(output, images))).data())[0];
    tf.dispose([images, output]);
    expect(difference).to.be.below(1e-6);
  });

  it('moves a pixel by the shift', async () => {
    const data = await transformed([[10, 12]], { shiftX: 3, shiftY: -2 });
    expect(at(data, 13, 10)).to.be.closeTo(1, 1e-6);
    expect(at(data, 10, 12)).to.equal(0);
  });

  it('turns a pixel clockwise about the centre by the angle', async () => {
    // (20, 14) is (6.5, 0.5) from the centre (13.5, 13.5); a quarter turn takes it to (-0.5, 6.5).
    const data = await transformed([[20, 14]], { angle: Math.PI / 2 });
    expect(at(data, 13, 20)).to.be.closeTo(1, 1e-4);
  });

  it('shrinks towards the centre when the zoom is above 1, as Keras does', async () => {
    // A 2x2 block centred at (20.5, 13.5), 7 pixels right of the centre; zoom 2 halves that.
    const data = await transformed(
      [
        [20, 13],
        [21, 13],
        [20, 14],
        [21, 14],
      ],
      { zoomX: 2, zoomY: 2 },
    );
    const [x, y] = centreOfMass(data);
    expect(x).to.be.closeTo(17, 0.25);
    expect(y).to.be.closeTo(13.5, 0.25);
  });

  it('draws parameters within the ranges, with zoom for x and y apart', () => {
    const random = new SeededRandom(3);
    const draws = Array.from({ length: 2000 }, () => randomParams(KERAS, random, SIDE));
    for (const p of draws) {
      expect(Math.abs(p.angle)).to.be.at.most((10 * Math.PI) / 180);
      expect(p.zoomX).to.be.within(0.9, 1.1);
      expect(p.zoomY).to.be.within(0.9, 1.1);
      expect(Math.abs(p.shiftX)).to.be.at.most(2.8);
      expect(Math.abs(p.shiftY)).to.be.at.most(2.8);
    }
    expect(draws.some((p) => p.zoomX !== p.zoomY)).to.equal(true);
    expect(Math.max(...draws.map((p) => p.angle))).to.be.above((9.9 * Math.PI) / 180);
  });

  it('gives the same batch for the same seed, another for another seed', async () => {
    const images = tf.randomUniform<tf.Rank.R4>([4, SIDE, SIDE, 1], 0, 1, 'float32', 2);
    const a = augmentBatch(images, KERAS, new SeededRandom(7));
    const b = augmentBatch(images, KERAS, new SeededRandom(7));
    const c = augmentBatch(images, KERAS, new SeededRandom(8));
    const [same, other] = await Promise.all([tf.max(tf.abs(tf.sub(a, b))).data(), tf.max(tf.abs(tf.sub(a, c))).data()]);
    tf.dispose([images, a, b, c]);
    expect(same[0]).to.equal(0);
    expect(other[0]).to.be.above(0.01);
  });
});
