// The personal set through the built trainer worker: add, list, delete, export, refusals;
// and a fine-tune that teaches a model a style MNIST lacks (strokes one pixel wide).
import { expect } from 'chai';
import { TrainerClient } from '../src/app/trainer-client.js';
import { DEFAULT_CONFIG } from '../src/shared/train-config.js';
import type { FineTuneProgress } from '../src/worker/trainer-api.js';
import { thinStrokes } from './support/thin-strokes.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });

describe('personal set', () => {
  let trainer: TrainerClient;
  before(async () => {
    trainer = new TrainerClient(builtWorker);
    await trainer.loadDataset(() => {});
    for (const digit of await trainer.listPersonalDigits()) await trainer.deletePersonalDigit(digit.id);
  });
  after(() => trainer.terminate());

  it('adds, lists in order, deletes and exports digits; refuses a bad label or image', async () => {
    const seven = new Uint8Array(784).fill(7);
    const a = await trainer.addPersonalDigit(7, seven);
    const b = await trainer.addPersonalDigit(1, new Uint8Array(784).fill(1));
    expect((await trainer.listPersonalDigits()).map((d) => [d.id, d.label])).to.deep.equal([
      [a.id, 7],
      [b.id, 1],
    ]);
    await trainer.deletePersonalDigit(b.id);
    const exported = JSON.parse(await trainer.exportPersonalDigits()) as {
      format: string;
      digits: { label: number; pixels: number[] }[];
    };
    expect(exported.format).to.equal('mnist-personal-set');
    expect(exported.digits.map((d) => d.label)).to.deep.equal([7]);
    expect(exported.digits[0].pixels).to.deep.equal(Array.from(seven));

    const badLabel = await trainer.addPersonalDigit(10, seven).catch((e: Error) => e);
    expect((badLabel as Error).message).to.equal("A digit's label is a whole number from 0 to 9 (got 10).");
    const badImage = await trainer.addPersonalDigit(3, new Uint8Array(100)).catch((e: Error) => e);
    expect((badImage as Error).message).to.equal('A digit is 28x28 = 784 grey levels (got 100).');
    expect(await trainer.listPersonalDigits()).to.have.length(1);
    const tooFew = await trainer.fineTune('any', () => {}).catch((e: Error) => e);
    expect((tooFew as Error).message).to.match(/^No saved run|^Label at least 12 digits/);
    await trainer.deletePersonalDigit(a.id);
  });

  it('fine-tunes a model on thin-stroke digits: their held-out accuracy rises', async () => {
    const base = await trainer.train({ ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 20_000 }, () => {});
    const report = await trainer.evaluate(base.runId, () => {});
    // Sixteen test images of each digit, drawn again with one-pixel strokes.
    const indices: number[] = [];
    for (let label = 0; label < 10; label++) {
      for (let i = 0; indices.filter((j) => report.labels[j] === label).length < 16; i++) {
        if (report.labels[i] === label) indices.push(i);
      }
    }
    const pixels = await trainer.testImages(indices);
    for (const [k, index] of indices.entries()) {
      await trainer.addPersonalDigit(report.labels[index], thinStrokes(pixels.subarray(k * 784, (k + 1) * 784)));
    }
    const progress: FineTuneProgress[] = [];
    const result = await trainer.fineTune(base.runId, (p) => progress.push(p));
    expect(result).to.include({ heldOut: 40, trainedOn: 120, mnistImages: 3000 });
    expect(progress.at(-1)).to.include({ epoch: 3, epochs: 3 });
    // Measured: 70.0% before, 97.5% after (the base model's start is not seeded).
    const figures = `before ${result.before}, after ${result.after}`;
    expect(result.after, figures).to.be.greaterThan(result.before);
    expect(result.after, figures).to.be.at.least(0.9);
    // The fine-tuned model is a new saved run; the one it started from is as it was.
    expect(result.run.name).to.match(/^Fine-tuned Run of /);
    expect((await trainer.evaluate(base.runId, () => {})).accuracy).to.equal(report.accuracy);
  });
});
