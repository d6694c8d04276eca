import { expect } from 'chai';
import { splitIndices } from '../../src/worker/data/split.js';

describe('splitIndices', () => {
  const config = { limit: 60_000, validationSplit: 0.2, seed: 42 };

  it('splits 60,000 images 48,000 / 12,000 with every image used once', () => {
    const { train, validation } = splitIndices(config);
    expect(train.length).to.equal(48_000);
    expect(validation.length).to.equal(12_000);
    const seen = new Uint8Array(60_000);
    for (const index of [...train, ...validation]) seen[index]++;
    expect(seen.every((count) => count === 1)).to.equal(true);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = splitIndices(config);
    const b = splitIndices(config);
    const c = splitIndices({ ...config, seed: 43 });
    expect(Array.from(a.validation)).to.deep.equal(Array.from(b.validation));
    expect(Array.from(a.validation.subarray(0, 100))).to.not.deep.equal(Array.from(c.validation.subarray(0, 100)));
  });

  it('shuffles: the validation part is not the file order', () => {
    const { validation } = splitIndices(config);
    const sorted = Array.from(validation).sort((x, y) => x - y);
    expect(Array.from(validation)).to.not.deep.equal(sorted);
    // Drawn from the whole file, not its tail (Keras' validation_split takes the tail).
    expect(sorted[0]).to.be.lessThan(100);
  });

  it('applies limit before the split', () => {
    const { train, validation } = splitIndices({ ...config, limit: 1000 });
    expect(train.length).to.equal(800);
    expect(validation.length).to.equal(200);
    expect(Math.max(...train, ...validation)).to.equal(999);
  });
});
