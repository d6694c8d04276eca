// Checkpoints through the built trainer worker, as the app uses them: saved every epoch,
// resumed after a "reload" (a new worker), intact when a save is cut off. A full disk is
// tested end to end (test/e2e), where the DevTools protocol can shrink the real quota.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { openDB } from 'idb';
import { CheckpointStore } from '../../src/worker/storage/checkpoints.js';
import { DEFAULT_RUNS_DB, type RunsDB } from '../../src/worker/storage/runs-database.js';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/shared/train-config.js';
import type { TrainEvent } from '../../src/protocol/training.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });
// 400 images: 320 train in 10 batches an epoch.
const small = (overrides: Partial<TrainConfig>): TrainConfig => ({
  ...DEFAULT_CONFIG,
  backend: 'webgl',
  limit: 400,
  ...overrides,
});

describe('checkpoints', () => {
  const clients: TrainerClient[] = [];
  const client = () => {
    const trainer = new TrainerClient(builtWorker);
    clients.push(trainer);
    return trainer;
  };
  afterEach(async () => {
    const trainer = client();
    for (const run of await trainer.runs.list()) await trainer.runs.delete(run.id);
    clients.forEach((c) => c.terminate());
    clients.length = 0;
  });

  it('saves every epoch, then resumes after a reload where it stopped, optimizer state and all', async () => {
    const first = client();
    const abort = new AbortController();
    const events: TrainEvent[] = [];
    const stopped = await first.training.start(
      small({ epochs: 4 }),
      (event) => {
        events.push(event);
        if (event.type === 'saved' && event.epoch === 2) abort.abort();
      },
      abort.signal,
    );
    expect(stopped.reason).to.equal('stopped');
    expect(stopped.history.map((e) => e.epoch)).to.deep.equal([1, 2]);
    const saves = events.filter((e) => e.type === 'saved');
    expect(saves.map((e) => e.epoch)).to.deep.equal([1, 2]);
    for (const save of saves) {
      console.log(`checkpoint of epoch ${save.epoch}: ${save.millis} ms, ${save.run.sizeBytes} bytes`);
      expect(save.run.sizeBytes).to.be.greaterThan(233_802 * 4 * 3); // weights, Adam's m and v
      expect(save.run).to.include({ id: stopped.runId, epoch: save.epoch, status: 'running' });
    }
    first.terminate(); // as a closed tab

    const second = client();
    const [run] = await second.runs.list();
    expect(run).to.include({ id: stopped.runId, epoch: 2, epochs: 4, status: 'stopped', bestEpoch: 2 });
    const resumed = await second.training.resume(run.id, () => {});
    expect(resumed.reason).to.equal('completed');
    expect(resumed.history.map((e) => e.epoch)).to.deep.equal([1, 2, 3, 4]);
    expect(resumed.history.slice(0, 2)).to.deep.equal(stopped.history);
    // Adam's step count carries on: 10 batches an epoch.
    expect(resumed.history.map((e) => e.iterations)).to.deep.equal([10, 20, 30, 40]);
    // The loss carries on from the trained model rather than jumping back.
    expect(resumed.history[2].loss).to.be.below(stopped.history[0].loss);
    const [finished] = await second.runs.list();
    expect(finished).to.include({ epoch: 4, status: 'completed' });
  });

  it('stores the best weights only when the best changes, drops them when the run ends, lists summaries only', async () => {
    // A val_loss that must fall by 10 to count: only epoch 1 is ever the best. BatchNorm's
    // statistics stay as trained, so the kept model scores as epoch 1 did.
    const config = small({ epochs: 4, minDelta: 10, backend: 'wasm', batchNormStatistics: 'never' });
    const trainer = client();
    const stopAt = (epoch: number) => {
      const abort = new AbortController();
      const onEvent = (event: TrainEvent) => {
        if (event.type === 'saved' && event.epoch === epoch) abort.abort();
      };
      return { onEvent, signal: abort.signal };
    };
    const first = stopAt(2);
    const { runId, history } = await trainer.training.start(config, first.onEvent, first.signal);
    const db = await openDB<RunsDB>(DEFAULT_RUNS_DB);
    try {
      const best = await db.get('bestWeights', runId);
      if (!best) throw new Error('no best weights stored');
      expect(best.epoch).to.equal(1);
      expect(best.values.byteLength).to.equal(233_802 * 4);
      // Marked here: a save that rewrote the record would drop the mark.
      const marked = { ...best, mark: 'not rewritten' };
      await db.put('bestWeights', marked);
      const [summary] = await db.getAll('summaries');
      const details = await db.get('details', runId);
      expect(Object.keys(summary).sort()).to.deep.equal(
        [
          'id',
          'name',
          'createdAt',
          'updatedAt',
          'epoch',
          'epochs',
          'status',
          'bestEpoch',
          'bestValAccuracy',
          'sizeBytes',
          'slot',
          'bestBytes',
        ].sort(),
      );
      expect(summary).to.include({ epoch: 2, status: 'stopped', bestBytes: 233_802 * 4 });
      expect(Object.keys(details ?? {}).sort()).to.deep.equal(['config', 'history', 'id', 'state']);

      const second = stopAt(3);
      const stoppedAgain = await trainer.training.resume(runId, second.onEvent, undefined, second.signal);
      expect(stoppedAgain.history.map((e) => e.bestEpoch)).to.deep.equal([1, 1, 1]);
      expect(await db.get('bestWeights', runId)).to.include({ epoch: 1, mark: 'not rewritten' });

      const finished = await trainer.training.resume(runId, () => {});
      expect(finished.reason).to.equal('completed');
      expect(await db.get('bestWeights', runId)).to.equal(undefined);
      const [listed] = await trainer.runs.list();
      expect(listed).to.include({ id: runId, epoch: 4, status: 'completed', bestEpoch: 1 });
      expect(listed.sizeBytes).to.be.below(233_802 * 4 * 3 + 100_000); // model and Adam's state only
      // Resumed twice, the kept model is still epoch 1's: the best weights came back whole.
      expect(finished.bestEpoch).to.equal(1);
      expect(finished.kept?.valLoss).to.be.closeTo(history[0].valLoss, 1e-5);
    } finally {
      db.close();
    }
  });

  it('loads a model to predict with, without its optimizer', async () => {
    const trainer = client();
    const { runId } = await trainer.training.start(small({ epochs: 1, backend: 'wasm' }), () => {});
    const store = await CheckpointStore.open();
    const before = tf.memory().numTensors;
    const model = await store.loadForPrediction(runId);
    try {
      expect(await store.loadForPrediction('no such run')).to.equal(undefined);
      if (!model) throw new Error('no model');
      expect(model.optimizer).to.equal(undefined);
      expect(tf.memory().numTensors - before).to.equal(model.weights.length);
      const output = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor;
      expect(output.shape).to.deep.equal([1, 10]);
      output.dispose();
    } finally {
      model?.dispose();
      store.close();
    }
  });

  it('keeps the previous checkpoint whole when the worker dies during a save', async () => {
    for (const delay of [0, 15, 60]) {
      const doomed = client();
      await new Promise<void>((resolve) => {
        doomed.training
          .start(small({ epochs: 3 }), (event) => {
            if (event.type === 'saving' && event.epoch === 2) {
              setTimeout(() => {
                doomed.terminate();
                resolve();
              }, delay);
            }
          })
          .catch(() => undefined); // rejected by the termination
      });

      const next = client();
      const [run] = await next.runs.list();
      // Epoch 2's save was cut off (or, given time, finished); never anything in between.
      if (delay === 0) expect(run.epoch).to.equal(1);
      else expect(run.epoch).to.be.oneOf([1, 2]);
      expect(run.status).to.equal('running');
      const resumed = await next.training.resume(run.id, () => {});
      expect(resumed.history.map((e) => e.epoch)).to.deep.equal([1, 2, 3]);
      expect(resumed.history.at(-1)?.iterations).to.equal(30);
      await next.runs.delete(run.id);
    }
  });

  it('renames and deletes saved runs, and refuses bad names', async () => {
    const trainer = client();
    const result = await trainer.training.start(small({ epochs: 1 }), () => {});
    const renamed = await trainer.runs.rename(result.runId, '  Thin strokes  ');
    expect(renamed.name).to.equal('Thin strokes');
    const error = await trainer.runs.rename(result.runId, '   ').catch((e: unknown) => e as Error);
    expect((error as Error).message).to.equal('A name needs 1 to 80 characters (got 0).');
    const long = await trainer.runs.rename(result.runId, 'x'.repeat(81)).catch((e: unknown) => e as Error);
    expect((long as Error).message).to.equal('A name needs 1 to 80 characters (got 81).');
    expect((await trainer.runs.list())[0].name).to.equal('Thin strokes');
    const finished = await trainer.training.resume(result.runId, () => {}).catch((e: unknown) => e as Error);
    expect((finished as Error).message).to.match(/has finished \(1 of 1 epochs\): nothing to resume/);
    await trainer.runs.delete(result.runId);
    expect(await trainer.runs.list()).to.deep.equal([]);
  });
});
