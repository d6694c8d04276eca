// The built predictor worker beside the built trainer worker, as in the app: no model,
// then the model the trainer saves, announced over BroadcastChannel.
import { expect } from 'chai';
import { PredictorClient } from '../../src/app/workers/predictor-client.js';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG } from '../../src/shared/train-config.js';
import { loadMnist } from '../../src/worker/data/dataset.js';
import { SeededRandom } from '../../src/worker/data/random.js';
import { digitOnPad, PAD } from '../support/mnist-on-pad.js';

const blank = () => new Uint8Array(PAD * PAD);

describe('predictor worker', () => {
  let trainer: TrainerClient;
  let predictor: PredictorClient;
  before(async () => {
    trainer = new TrainerClient(() => new Worker('/dist/trainer-worker.js', { type: 'module' }));
    for (const run of await trainer.runs.list()) await trainer.runs.delete(run.id);
    predictor = new PredictorClient(() => new Worker('/dist/predictor-worker.js', { type: 'module' }));
  });
  after(() => {
    trainer.terminate();
    predictor.terminate();
  });

  it('says there is no model yet, and nothing for an empty pad', async () => {
    expect(await predictor.predict({ ink: blank(), width: PAD, height: PAD })).to.deep.equal({ kind: 'empty' });
    const ink = blank();
    ink.fill(255, 100 * PAD, 110 * PAD);
    expect(await predictor.predict({ ink: Uint8Array.from(ink), width: PAD, height: PAD })).to.deep.equal({
      kind: 'no-model',
    });
  });

  it('refuses a drawing whose size does not match its pixels', async () => {
    const error = await predictor.predict({ ink: blank(), width: 100, height: 100 }).catch((e: unknown) => e as Error);
    expect((error as Error).message).to.equal('A drawing must be width x height ink values (got 78400 for 100x100).');
    const fraction = await predictor
      .predict({ ink: new Uint8Array(10), width: 2.5, height: 4 })
      .catch((e: unknown) => e as Error);
    expect((fraction as Error).message).to.equal('A drawing must be width x height ink values (got 10 for 2.5x4).');
  });

  it('serves the checkpoint the trainer saves, announced over BroadcastChannel', async () => {
    const trained = await trainer.training.start(
      { ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 400 },
      () => {},
    );
    const mnist = await loadMnist({
      baseUrl: new URL('/mnist-fixtures/good/', location.href),
      dbName: 'test-predictor',
    });
    // The first test image, 10x larger, at a random place on the pad.
    const drawn = digitOnPad(mnist.test.images.subarray(0, 784), new SeededRandom(5)).ink;
    const ink = () => Uint8Array.from(drawn); // a fresh copy each time: a call transfers it
    const result = await predictor.predict({ ink: ink(), width: PAD, height: PAD });
    if (result?.kind !== 'prediction') throw new Error(`expected a prediction, got ${result?.kind}`);
    expect(result.model).to.include({ runId: trained.runId, epoch: 1 });
    expect(result.probabilities).to.have.length(10);
    expect(result.probabilities.reduce((a, b) => a + b)).to.be.closeTo(1, 1e-4);
    expect(result.digit).to.equal(result.probabilities.indexOf(Math.max(...result.probabilities)));
    expect(result.input).to.have.length(784);
    console.log(`one prediction: ${result.millis.toFixed(1)} ms in the worker on ${result.backend}`);
    // Strokes: a 1 and a 4 in two strokes, side by side, read in one batch as two digits.
    const number = await predictor.predict({
      strokes: [
        [
          [0.2, 0.1],
          [0.2, 0.9],
        ],
        [
          [0.7, 0.1],
          [0.5, 0.6],
          [0.9, 0.6],
        ],
        [
          [0.8, 0.3],
          [0.8, 0.9],
        ],
      ],
      pen: 0.075,
    });
    if (number?.kind !== 'prediction') throw new Error(`expected a reading, got ${number?.kind}`);
    expect(number.digits).to.have.length(2);
    for (const reading of number.digits!) {
      expect(reading.input).to.have.length(784);
      expect(reading.unsure).to.equal(Math.max(...reading.probabilities) < 0.5);
    }
    expect(number.digit).to.equal(number.digits![0].digit);
    expect(await predictor.predict({ strokes: [], pen: 0.075 })).to.deep.equal({ kind: 'empty' });
    const digits = await predictor.classify(
      Float32Array.from(mnist.test.images.subarray(0, 784 * 8), (v) => v / 255),
      8,
    );
    expect(digits).to.have.length(8);

    // Meanwhile the worker times one image on each backend and moves to the fastest.
    let measured = result;
    for (let i = 0; i < 120 && !measured.latencies; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const next = await predictor.predict({ ink: ink(), width: PAD, height: PAD });
      if (next?.kind === 'prediction') measured = next;
    }
    const latencies = measured.latencies!;
    expect(Object.keys(latencies)).to.include.members(['wasm', 'cpu']);
    const fastest = Object.entries(latencies).sort((a, b) => a[1] - b[1])[0][0];
    expect(measured.backend).to.equal(fastest);
    expect(measured.digit).to.equal(result.digit);
    console.log(`one image: ${JSON.stringify(latencies)} ms; serving on ${measured.backend}`);
  });

  it('keeps the picked model, not the newest, when its worker is restarted', async () => {
    const [picked] = await trainer.runs.list();
    const newer = await trainer.training.start({ ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 400 }, () => {});
    expect(newer.runId).to.not.equal(picked.id);
    const ink = blank();
    ink.fill(255, 100 * PAD, 110 * PAD);
    const modelOf = async () => {
      const result = await predictor.predict({ ink: Uint8Array.from(ink), width: PAD, height: PAD });
      return result?.kind === 'prediction' ? result.model.runId : result?.kind;
    };
    expect(await modelOf(), 'the newest, followed by default').to.equal(newer.runId);
    await predictor.useRun(picked.id);
    expect(await modelOf()).to.equal(picked.id);
    predictor.terminate(); // as after a crash: the next call starts a new worker
    expect(await modelOf(), 'after the restart').to.equal(picked.id);
  });
});
