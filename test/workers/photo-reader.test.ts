// The predictor worker reading photos: pages of MNIST test digits as a phone would
// photograph them (see test/support/photo-page.ts), read by the Keras fixture model
// (test accuracy 0.98), and each kind of bad image refused with its message.
import { expect } from 'chai';
import type { PhotoResult } from '../../src/protocol/predictor.js';
import { PredictorClient } from '../../src/app/workers/predictor-client.js';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { loadMnist } from '../../src/worker/data/dataset.js';
import { SeededRandom } from '../../src/worker/data/random.js';
import { blankPaper, dottedPaper, photoPage } from '../support/photo-page.js';

const FIXTURE = 'mnist_cnn_a.keras3.h5';

function refusal(result: PhotoResult) {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
  return result;
}

describe('photo reader (predictor worker)', () => {
  let trainer: TrainerClient;
  let predictor: PredictorClient;
  let images: Uint8Array;
  let labels: Uint8Array;
  before(async () => {
    trainer = new TrainerClient(() => new Worker('/dist/trainer-worker.js', { type: 'module' }));
    const bytes = await (await fetch(`/keras-fixtures/${FIXTURE}`)).arrayBuffer();
    const run = await trainer.runs.importModel([new File([bytes], FIXTURE)]);
    predictor = new PredictorClient(() => new Worker('/dist/predictor-worker.js', { type: 'module' }));
    await predictor.useRun(run.id);
    const mnist = await loadMnist({ baseUrl: new URL('/mnist-fixtures/good/', location.href), dbName: 'test-photo' });
    ({ images, labels } = mnist.test);
  });
  after(async () => {
    for (const run of await trainer.runs.list()) await trainer.runs.delete(run.id);
    trainer.terminate();
    predictor.terminate();
  });

  it('finds and reads the digits of photographed pages', async () => {
    const pages = [
      { seed: 1, first: 0, turn: 2, quality: 0.7, width: 2000, height: 1500 },
      { seed: 2, first: 60, turn: -3, quality: 0.5, width: 1500, height: 1100 },
    ];
    let digits = 0;
    let found = 0;
    let right = 0;
    const times: number[] = [];
    for (const { seed, first, turn, quality, width, height } of pages) {
      const page = await photoPage(images, labels, first, new SeededRandom(seed), {
        width,
        height,
        lines: 6,
        perLine: 10,
        turn,
        quality,
      });
      const started = performance.now();
      const result = await predictor.readPhoto(page.photo);
      times.push(performance.now() - started);
      if (result.kind !== 'read') throw new Error(`page ${seed}: ${JSON.stringify(result)}`);
      expect(Math.max(result.photo.width, result.photo.height)).to.be.at.most(1600);
      const taken = new Set<number>();
      for (const { x, y, label } of page.truth) {
        digits++;
        const index = result.digits.findIndex(
          (d, i) => !taken.has(i) && x >= d.left && x <= d.left + d.width && y >= d.top && y <= d.top + d.height,
        );
        if (index < 0) continue;
        taken.add(index);
        found++;
        if (result.digits[index].digit === label) right++;
      }
      expect(result.lines, `page ${seed}: ${result.lines.join(' / ')}`).to.have.length(6);
      console.log(
        `page ${seed}: ${result.digits.length} boxes, ${result.millis.toFixed(0)} ms in the worker; ${result.lines.join(' / ')}`,
      );
      result.photo.close();
    }
    console.log(
      `photos: ${found}/${digits} digits found, ${right}/${digits} read right; ${times.map((t) => t.toFixed(0)).join(', ')} ms a photo`,
    );
    expect(found / digits).to.be.at.least(0.95);
    expect(right / digits).to.be.at.least(0.9);
  });

  it('refuses bad images, each with its message, and goes on reading', async () => {
    const notImage = refusal(await predictor.readPhoto(new Blob(['<html>a page</html>'], { type: 'image/png' })));
    expect(notImage.reason).to.equal('not-image');
    expect(notImage.message).to.equal('That file is not an image this browser can decode (try a JPEG or PNG photo).');

    const big = refusal(
      await predictor.readPhoto(new Blob([new Uint8Array(21 * 1024 * 1024)], { type: 'image/jpeg' })),
    );
    expect(big.reason).to.equal('too-large');
    expect(big.message).to.equal('That image is 21.0 MB; photos up to 20 MB are read.');

    const blank = refusal(await predictor.readPhoto(await blankPaper(new SeededRandom(3))));
    expect(blank.reason).to.equal('no-ink');
    expect(blank.message).to.equal('No digits found in that image: dark digits on light paper read best.');

    const dots = refusal(await predictor.readPhoto(await dottedPaper(150)));
    expect(dots.reason).to.equal('too-many');
    expect(dots.message).to.equal(
      'That image has 150 pieces of ink; up to 100 are read. Photograph the digits alone, closer, on plain paper.',
    );

    const page = await photoPage(images, labels, 200, new SeededRandom(4), {
      width: 1000,
      height: 400,
      lines: 2,
      perLine: 8,
      turn: 1,
      quality: 0.8,
    });
    const after = await predictor.readPhoto(page.photo);
    expect(after.kind).to.equal('read');
  });
});
