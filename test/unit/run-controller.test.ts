import { expect } from 'chai';
import { RunController } from '../../src/app/controllers/run-controller.js';
import type { BackendsController } from '../../src/app/controllers/backends-controller.js';
import type { LibraryController } from '../../src/app/controllers/library-controller.js';
import type { PersonalController } from '../../src/app/controllers/personal-controller.js';
import type { TrainerClient } from '../../src/app/workers/trainer-client.js';
import type { RunStatus, RunSummary } from '../../src/protocol/runs.js';
import type { TrainEvent, TrainResult } from '../../src/protocol/training.js';
import { DEFAULT_CONFIG } from '../../src/shared/train-config.js';

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };

const summary = (epoch: number, status: RunStatus): RunSummary => ({
  id: 'run-1',
  name: 'Run 1',
  createdAt: 0,
  updatedAt: 0,
  epoch,
  epochs: 2,
  status,
  bestEpoch: epoch,
  bestValAccuracy: 0.9,
  sizeBytes: 1,
});

/** A trainer whose run reports what the test sends through `emit`, and ends when it says. */
function fakeTrainer() {
  let emit: (event: TrainEvent) => void = () => undefined;
  let end: (result: TrainResult) => void = () => undefined;
  const trainer = {
    training: {
      start: (_config: unknown, onEvent: (event: TrainEvent) => void) => {
        emit = onEvent;
        return new Promise<TrainResult>((resolve) => (end = resolve));
      },
    },
  } as unknown as TrainerClient;
  return { trainer, emit: (event: TrainEvent) => emit(event), end: (result: TrainResult) => end(result) };
}

const library = {
  persist: () => Promise.resolve(),
  say() {},
  update() {},
  refresh: () => Promise.resolve(),
  refreshStorage: () => Promise.resolve(),
  find: () => undefined,
  runs: [],
} as unknown as LibraryController;

describe('RunController', () => {
  it('says a reload is safe after a checkpoint mid-run, and after the last one only once the run has ended', async () => {
    const { trainer, emit, end } = fakeTrainer();
    let safe = 0;
    const runs = new RunController(
      host,
      trainer,
      library,
      { follow() {}, measurement: undefined } as unknown as BackendsController,
      { progress: null } as unknown as PersonalController,
      () => safe++,
    );
    const training = runs.train(DEFAULT_CONFIG);
    await new Promise((resolve) => setTimeout(resolve));
    emit({ type: 'saved', epoch: 1, millis: 1, run: summary(1, 'running') });
    expect(safe).to.equal(1, 'a checkpoint mid-run: a reload resumes from it');
    emit({ type: 'saved', epoch: 2, millis: 1, run: summary(2, 'completed') });
    expect(safe).to.equal(1, 'the last checkpoint: the test images are still to be scored');
    end({ runId: 'run-1', reason: 'completed', history: [], bestEpoch: 2 } as unknown as TrainResult);
    await training;
    expect(safe).to.equal(2, 'the run has ended');
    expect(runs.running).to.equal(false);
  });
});
