// The benchmarks' page: the app's own trainer client and the built worker, nothing else.
import { TrainerClient } from '../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../src/shared/train-config.js';
import type { TrainEvent } from '../src/protocol/training.js';

const trainer = new TrainerClient(() => new Worker('/trainer-worker.js', { type: 'module', name: 'trainer' }));
Object.assign(window, {
  isolated: crossOriginIsolated,
  /** The client itself, for benchmarks that call the worker's other methods. */
  trainer,
  defaults: DEFAULT_CONFIG,
  measure: (options: Parameters<TrainerClient['backends']['measure']>[0]) =>
    trainer.backends.measure(options, () => {}),
  /** Trains the app's defaults (the notebook's setup) with overrides, logging each epoch. */
  train: async (overrides: Partial<TrainConfig>) => {
    await trainer.data.load(() => {});
    return trainer.training.start({ ...DEFAULT_CONFIG, ...overrides }, (event: TrainEvent) => {
      if (event.type === 'epoch' || event.type === 'start' || event.type === 'measured') {
        console.log(`bench-event ${JSON.stringify(event)}`);
      }
    });
  },
});
