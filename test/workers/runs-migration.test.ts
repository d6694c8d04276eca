// Runs saved under the database's version 1 (one record a run) open under version 2
// (summaries, details and best weights apart), through the built trainer worker: listed
// as before, and a stopped run resumes exactly.
import { expect } from 'chai';
import { deleteDB, openDB, type DBSchema } from 'idb';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { DEFAULT_RUNS_DB, type RunRecordV1, type RunsDB } from '../../src/worker/storage/runs-database.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/shared/train-config.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });
// 400 images: 320 train in 10 batches an epoch.
const small = (overrides: Partial<TrainConfig>): TrainConfig => ({
  ...DEFAULT_CONFIG,
  backend: 'wasm',
  limit: 400,
  ...overrides,
});

interface Version1 extends DBSchema {
  runs: { key: string; value: RunRecordV1 };
}

/** Rewrites the runs the worker saved as version 1 stored them: one record each, best weights inside. */
async function asVersion1(): Promise<void> {
  const current = await openDB<RunsDB>(DEFAULT_RUNS_DB);
  const summaries = await current.getAll('summaries');
  const records = await Promise.all(
    summaries.map(async ({ bestBytes: _bestBytes, ...summary }): Promise<RunRecordV1> => {
      const details = await current.get('details', summary.id);
      if (!details) throw new Error(`no details for ${summary.id}`);
      const { config, history, state } = details;
      const stored = await current.get('bestWeights', summary.id);
      const best = stored && { epoch: stored.epoch, shapes: stored.shapes, values: stored.values };
      return { ...summary, config, history, state, ...(best ? { best } : {}) };
    }),
  );
  current.close();
  // A finished run kept its best weights under version 1: give the finished one the stopped one's.
  const stopped = records.find((record) => record.status === 'stopped');
  const finished = records.find((record) => record.status === 'completed');
  if (!stopped?.best || !finished) throw new Error('expected a stopped run with best weights and a finished run');
  finished.best = stopped.best;
  finished.sizeBytes += stopped.best.values.byteLength;
  await deleteDB(DEFAULT_RUNS_DB);
  const v1 = await openDB<Version1>(DEFAULT_RUNS_DB, 1, {
    upgrade: (database) => database.createObjectStore('runs', { keyPath: 'id' }),
  });
  for (const record of records) await v1.put('runs', record);
  v1.close();
}

describe('runs database migration', () => {
  afterEach(async () => {
    const trainer = new TrainerClient(builtWorker);
    for (const run of await trainer.runs.list()) await trainer.runs.delete(run.id);
    trainer.terminate();
  });

  it('moves version 1 runs into summaries, details and best weights; a stopped one resumes exactly', async () => {
    const trainer = new TrainerClient(builtWorker);
    const finished = await trainer.training.start(small({ epochs: 1 }), () => {});
    const abort = new AbortController();
    const stopped = await trainer.training.start(
      // BatchNorm's statistics stay as trained, so the kept model scores as its epoch did.
      small({ epochs: 3, batchNormStatistics: 'never' }),
      (event) => {
        if (event.type === 'saved' && event.epoch === 2) abort.abort();
      },
      abort.signal,
    );
    expect(stopped.reason).to.equal('stopped');
    const listed = await trainer.runs.list();
    trainer.terminate(); // as a closed tab: nothing holds the database open
    await asVersion1();

    const next = new TrainerClient(builtWorker);
    try {
      expect(await next.runs.list()).to.deep.equal(listed);
      const db = await openDB<RunsDB>(DEFAULT_RUNS_DB);
      expect(db.version).to.equal(2);
      expect([...db.objectStoreNames].sort()).to.deep.equal(['bestWeights', 'details', 'summaries']);
      expect(await db.getAllKeys('bestWeights')).to.deep.equal([stopped.runId]); // the finished run's went
      db.close();
      const { summary, history } = await next.runs.get(stopped.runId);
      expect(summary).to.include({ epoch: 2, status: 'stopped' });
      expect(history).to.deep.equal(stopped.history);

      const resumed = await next.training.resume(stopped.runId, () => {});
      expect(resumed.reason).to.equal('completed');
      expect(resumed.history.slice(0, 2)).to.deep.equal(stopped.history);
      expect(resumed.history.map((e) => e.iterations)).to.deep.equal([10, 20, 30]);
      expect(resumed.history[2].loss).to.be.below(stopped.history[0].loss);
      // The kept model is the best epoch's, whichever it was: the best weights came through.
      expect(resumed.kept?.valLoss).to.be.closeTo(resumed.history[resumed.bestEpoch - 1].valLoss, 1e-5);
      expect((await next.runs.list()).find((run) => run.id === finished.runId)).to.deep.equal(
        listed.find((run) => run.id === finished.runId),
      );
    } finally {
      next.terminate();
    }
  });
});
