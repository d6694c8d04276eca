// The benchmarks' page: the app's own trainer client and the built worker, nothing else.
import { TrainerClient } from '../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../src/shared/train-config.js';
import type { BackendMeasurement } from '../src/protocol/backends.js';
import type { TrainEvent } from '../src/protocol/training.js';

type MeasureOptions = Parameters<TrainerClient['backends']['measure']>[0];

const trainer = new TrainerClient(() => new Worker('/trainer-worker.js', { type: 'module', name: 'trainer' }));
/** The end of the measurement `startMeasure` began last, once it has ended. */
let measured: { measurement: BackendMeasurement } | { error: string } | undefined;
Object.assign(window, {
  isolated: crossOriginIsolated,
  /** The client itself, for benchmarks that call the worker's other methods. */
  trainer,
  defaults: DEFAULT_CONFIG,
  measure: (options: MeasureOptions) => trainer.backends.measure(options, () => {}),
  /**
   * Begins a measurement that `measured()` then reports: WebDriver classic gives a script
   * 30 s at most, and a slow backend measures for minutes.
   */
  startMeasure: (options: MeasureOptions) => {
    measured = undefined;
    trainer.backends
      .measure(options, () => {})
      .then(
        (measurement) => (measured = { measurement }),
        (error: unknown) => (measured = { error: error instanceof Error ? error.message : String(error) }),
      );
  },
  measured: () => measured,
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
