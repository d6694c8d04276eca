// Checkpoints through the built trainer worker, as the app uses them: saved every epoch,
// resumed after a "reload" (a new worker), intact when a save is cut off. A full disk is
// tested end to end (test/e2e), where the DevTools protocol can shrink the real quota.
import { expect } from 'chai';
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
      console.log(`checkpoint of epoch ${save.epoch}: ${save.millis} ms, ${save.sizeBytes} bytes`);
      expect(save.sizeBytes).to.be.greaterThan(233_802 * 4 * 3); // weights, Adam's m and v
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
