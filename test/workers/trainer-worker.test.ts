// Drives the built trainer worker (dist/trainer-worker.js, with dist/data beside it)
// through the page's own client, as the app does.
import { expect } from 'chai';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { cellImages } from '../../src/shared/evaluation-report.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/shared/train-config.js';
import { runLock, TRAINING_LOCK } from '../../src/shared/tab-locks.js';
import type { TrainEvent } from '../../src/protocol/training.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });
const quick = (overrides: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_CONFIG, backend: 'wasm', ...overrides });

describe('trainer worker', () => {
  let trainer: TrainerClient;
  before(async () => {
    trainer = new TrainerClient(builtWorker);
    const info = await trainer.data.load(() => {});
    expect(info.trainCount).to.equal(60_000);
  });
  after(() => trainer.terminate());

  it("builds the notebook's model, layer for layer", async () => {
    const summary = await trainer.training.describeModel();
    expect(summary.layers.map((l) => [l.name, l.type, l.outputShape, l.params])).to.deep.equal([
      ['conv2d', 'Conv2D', [null, 26, 26, 32], 320],
      ['max_pooling2d', 'MaxPooling2D', [null, 13, 13, 32], 0],
      ['batch_normalization', 'BatchNormalization', [null, 13, 13, 32], 128],
      ['conv2d_1', 'Conv2D', [null, 11, 11, 64], 18_496],
      ['max_pooling2d_1', 'MaxPooling2D', [null, 5, 5, 64], 0],
      ['batch_normalization_1', 'BatchNormalization', [null, 5, 5, 64], 256],
      ['flatten', 'Flatten', [null, 1600], 0],
      ['dense', 'Dense', [null, 128], 204_928],
      ['dropout', 'Dropout', [null, 128], 0],
      ['batch_normalization_2', 'BatchNormalization', [null, 128], 512],
      ['dense_1', 'Dense', [null, 64], 8256],
      ['dropout_1', 'Dropout', [null, 64], 0],
      ['batch_normalization_3', 'BatchNormalization', [null, 64], 256],
      ['dense_2', 'Dense', [null, 10], 650],
    ]);
    expect(summary).to.include({ totalParams: 233_802, trainableParams: 233_226, nonTrainableParams: 576 });
  });

  it('trains on a small subset: the loss falls and no tensor leaks', async () => {
    const events: TrainEvent[] = [];
    const result = await trainer.training.start(quick({ epochs: 2, limit: 800 }), (event) => events.push(event));
    expect(result.reason).to.equal('completed');
    expect(result.backend.name).to.equal('wasm');
    // This test page is not cross-origin isolated: the single-threaded SIMD binary runs.
    expect(result.backend.description).to.equal('WebAssembly, SIMD, 1 thread(s)');

    const start = events.find((e) => e.type === 'start');
    expect(start).to.include({ trainCount: 640, validationCount: 160, batchesPerEpoch: 20, epochs: 2 });
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.length).to.be.greaterThan(2);
    expect(batches.at(-1)).to.include({ epoch: 2, batch: 20 });

    const [first, second] = result.history;
    expect(result.history).to.have.length(2);
    expect(second.loss).to.be.lessThan(first.loss);
    expect(second.accuracy).to.be.greaterThan(first.accuracy);
    for (const epoch of result.history) {
      expect(epoch.valLoss).to.be.a('number').and.satisfy(Number.isFinite);
      expect(epoch.valAccuracy).to.be.within(0, 1);
    }
    expect(second.numTensors).to.equal(first.numTensors);
  });

  it('evaluates the session model and a saved one on the 10,000 test images', async () => {
    const result = await trainer.training.start(quick({ epochs: 1, limit: 800 }), () => {});
    const progress: number[] = [];
    const report = await trainer.evaluation.score(null, (p) => progress.push(p.done));
    expect(report.count).to.equal(10_000);
    expect(progress).to.have.length(20);
    expect(progress.at(-1)).to.equal(10_000);
    // The matrix holds every image once; its diagonal is the accuracy, which is what
    // the run itself measured on the test images.
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).to.equal(10_000);
    const diagonal = report.confusion.reduce((sum, row, c) => sum + row[c], 0);
    expect(report.accuracy).to.equal(diagonal / 10_000);
    expect(report.accuracy).to.equal(result.test?.accuracy);
    expect(report.loss).to.be.closeTo(result.test!.loss, 1e-4);
    // Seeded, and BatchNorm's statistics recomputed after the run's twenty steps: 72.94%
    // every run on wasm.
    expect(result.recalibrated).to.deep.equal({ images: 640, steps: 20 });
    expect(report.accuracy).to.be.within(0.7, 0.76);
    report.confusion.forEach((row, c) => {
      expect(report.recall[c]).to.equal(row[c] / row.reduce((a, b) => a + b, 0));
    });
    // A cell lists exactly its images: the fullest, so three are there to show (a fixed
    // cell once held two, from a model twenty steps old).
    const counts = report.confusion.flatMap((row, l) => row.map((count, c) => ({ count, l, c })));
    const { l: label, c: called } = counts.reduce((a, b) => (b.count > a.count ? b : a));
    const cell = cellImages(report, label, called);
    expect(cell).to.have.length(report.confusion[label][called]);
    for (const i of cell) expect([report.labels[i], report.predicted[i]]).to.deep.equal([label, called]);
    const pixels = await trainer.data.testImages(cell.slice(0, 3));
    expect(pixels).to.have.length(3 * 784);

    const saved = await trainer.evaluation.score(result.runId, () => {});
    expect(saved.model).to.match(/, epoch 1$/);
    expect(saved.accuracy).to.equal(report.accuracy);
  });

  it('says why it cannot evaluate or show an image', async () => {
    const noRun = await trainer.evaluation.score('no-such-run', () => {}).catch((e: Error) => e);
    expect((noRun as Error).message).to.equal('No saved run with id "no-such-run".');
    const badIndex = await trainer.data.testImages([3, 10_000]).catch((e: Error) => e);
    expect((badIndex as Error).message).to.equal('There is no test image 10000 (0 to 9999).');
    const tooMany = await trainer.data.testImages(Array.from({ length: 1001 }, (_, i) => i)).catch((e: Error) => e);
    expect((tooMany as Error).message).to.equal('Ask for at most 1000 test images at a time.');
  });

  it('stops early when validation stops improving, and keeps the best epoch', async () => {
    // No epoch can beat the first by 10: the second is the last, the first's weights stay
    // (as they were: BatchNorm's statistics not recomputed, so the scores must match).
    const result = await trainer.training.start(
      quick({ epochs: 5, limit: 400, patience: 1, minDelta: 10, batchNormStatistics: 'never' }),
      () => {},
    );
    expect(result.reason).to.equal('early-stopped');
    expect(result.history.map((epoch) => epoch.bestEpoch)).to.deep.equal([1, 1]);
    expect(result.bestEpoch).to.equal(1);
    expect(result.kept?.valLoss).to.be.closeTo(result.history[0].valLoss, 1e-4);
    expect(result.kept?.valAccuracy).to.be.closeTo(result.history[0].valAccuracy, 1e-9);
  });

  it('previews augmentation: all ranges 0 give the originals, a seed gives the same samples', async () => {
    const none = { rotationRange: 0, zoomRange: 0, widthShiftRange: 0, heightShiftRange: 0 };
    const identity = await trainer.data.previewAugmentation({ ...none, seed: 1, count: 2, variants: 3 });
    expect(identity.augmented.length).to.equal(2 * 3 * 784);
    for (let variant = 0; variant < 3; variant++) {
      const copy = identity.augmented.subarray((3 + variant) * 784, (4 + variant) * 784);
      expect(Array.from(copy)).to.deep.equal(Array.from(identity.originals.subarray(784, 1568)));
    }
    const settings = { ...DEFAULT_CONFIG, seed: 5, count: 2, variants: 3 };
    const [a, b] = [await trainer.data.previewAugmentation(settings), await trainer.data.previewAugmentation(settings)];
    expect(Array.from(a.augmented)).to.deep.equal(Array.from(b.augmented));
    expect(Array.from(a.augmented.subarray(0, 784))).to.not.deep.equal(Array.from(a.originals.subarray(0, 784)));
  });

  it('refuses a preview of a bad size', async () => {
    const error = await trainer.data
      .previewAugmentation({ ...DEFAULT_CONFIG, count: 0, variants: 3 })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).to.match(/A preview takes 1-32 images and 1-16 variants \(got 0 and 3\)/);
    const range = await trainer.data
      .previewAugmentation({ ...DEFAULT_CONFIG, rotationRange: 200, count: 2, variants: 3 })
      .catch((e: unknown) => e as Error);
    expect((range as Error).message).to.equal(
      'Invalid augmentation settings: Rotation (degrees) must be a number from 0 to 180 (got "200").',
    );
  });

  it('stops at the next batch boundary', async () => {
    const abort = new AbortController();
    const events: TrainEvent[] = [];
    const result = await trainer.training.start(
      quick({ epochs: 50, limit: 2000 }),
      (event) => {
        events.push(event);
        if (event.type === 'batch') abort.abort();
      },
      abort.signal,
    );
    expect(result.reason).to.equal('stopped');
    expect(result.history).to.have.length(0);
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.at(-1)!.type === 'batch' && batches.at(-1)!.batch).to.be.below(10);
  });

  it('refuses invalid settings with a message that names them', async () => {
    const error = await trainer.training.start(quick({ batchSize: 0 }), () => {}).catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/Invalid training settings: Batch size must be a whole number/);
  });

  it('trains only while no other tab does, and deletes no run another tab trains', async () => {
    // The page stands in for another tab's worker: Web Locks are shared by the whole origin.
    /** Takes a lock; resolves to a function that releases it and resolves once it is free. */
    const holding = async (name: string): Promise<() => Promise<void>> => {
      let granted: () => void = () => undefined;
      let release: () => void = () => undefined;
      const isGranted = new Promise<void>((resolve) => (granted = resolve));
      const released: Promise<unknown> = navigator.locks.request(name, () => {
        granted();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await isGranted;
      return async () => {
        release();
        await released;
      };
    };
    const release = await holding(TRAINING_LOCK);
    const refused = await trainer.training.start(quick({ epochs: 1, limit: 100 }), () => {}).catch((e: Error) => e);
    expect((refused as Error).message).to.equal(
      'Another tab of this app is training (or measuring the backends): this one can train when it ends or closes.',
    );
    await release();

    const result = await trainer.training.start(quick({ epochs: 1, limit: 200 }), () => {});
    const runId = result.runId;
    const releaseRun = await holding(runLock(runId));
    const kept = await trainer.runs.delete(runId).catch((e: Error) => e);
    expect((kept as Error).message).to.equal(
      'This run is training now (in this tab or another): stop it before deleting it.',
    );
    expect((await trainer.runs.list()).map((run) => run.id)).to.include(runId);
    await releaseRun();
    await trainer.runs.delete(runId);
    expect((await trainer.runs.list()).map((run) => run.id)).not.to.include(runId);
  });

  it('trains on webgl too, reading its metrics a few batches at a time', async () => {
    const events: TrainEvent[] = [];
    const result = await trainer.training.start(quick({ backend: 'webgl', epochs: 1, limit: 200 }), (e) =>
      events.push(e),
    );
    expect(result.reason).to.equal('completed');
    expect(result.backend.name).to.equal('webgl');
    expect(result.backend.description).to.not.equal('');
    // 160 training images: 5 batches, read after the fourth and after the last.
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches.map((e) => e.type === 'batch' && [e.batch, e.step])).to.deep.equal([
      [4, 4],
      [5, 5],
    ]);
    const [epoch] = result.history;
    expect(epoch.loss).to.be.greaterThan(0).and.lessThan(10);
    expect(epoch.iterations).to.equal(5);
  });

  it('on auto, measures the backends once, remembers the speeds and trains on the fastest', async () => {
    const first: TrainEvent[] = [];
    const result = await trainer.training.start(quick({ backend: 'auto', epochs: 1, limit: 200 }), (e) =>
      first.push(e),
    );
    const measuring = first.filter((e) => e.type === 'measuring').map((e) => e.type === 'measuring' && e.backend);
    expect(measuring).to.deep.equal(['webgl', 'wasm']); // the WebGPU adapter here is a fallback: not a candidate
    const measured = first.find((e) => e.type === 'measured');
    if (measured?.type !== 'measured') throw new Error('no measurement event');
    const { results, batchSize, augment } = measured.measurement;
    expect({ batchSize, augment }).to.deep.equal({ batchSize: 32, augment: true });
    for (const r of results) expect(r.speed?.imagesPerSecond, r.name).to.be.greaterThan(0);
    const best = results.reduce((a, b) => (b.speed!.imagesPerSecond > a.speed!.imagesPerSecond ? b : a));
    expect(result.backend.name).to.equal(best.name);

    expect(await trainer.backends.remembered()).to.deep.equal(measured.measurement);
    const second: TrainEvent[] = [];
    await trainer.training.start(quick({ backend: 'auto', epochs: 1, limit: 200 }), (e) => second.push(e));
    expect(second.filter((e) => e.type === 'measuring')).to.have.length(0);
  });

  it('measures again on request, with the given batch size', async () => {
    const seen: string[] = [];
    const measurement = await trainer.backends.measure({ steps: 2, batchSize: 16, augment: false }, (p) =>
      seen.push(p.backend),
    );
    expect(seen).to.deep.equal(['webgl', 'wasm']);
    expect(measurement).to.include({ batchSize: 16, augment: false });
    expect(measurement.results.map((r) => r.speed?.steps)).to.deep.equal([2, 2]);
    expect(await trainer.backends.remembered()).to.deep.equal(measurement);
  });

  it('times a wasm step kernel by kernel for the benchmark, the kernels within the step', async () => {
    const before = await trainer.backends.remembered();
    const options = { backends: ['wasm' as const], steps: 1, batchSize: 16, augment: false, profile: true };
    const { results } = await trainer.backends.measure(options, () => {});
    const [step, ...kernels] = results[0].speed!.kernels!;
    expect(step).to.include({ name: '(whole step)', calls: 1 });
    expect(kernels.find((k) => k.name === 'Conv2DBackpropFilter')).to.include({ calls: 2 });
    const inKernels = kernels.reduce((sum, k) => sum + k.ms, 0);
    expect(inKernels).to.be.greaterThan(0).and.at.most(step.ms);
    expect(await trainer.backends.remembered(), 'a benchmark is not remembered').to.deep.equal(before);
  });
});
