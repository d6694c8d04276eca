// How fast each backend trains on this device: the speeds measured before (kept by the
// worker), a new measurement on request, and the one a run's `auto` choice makes first.
import type { ReactiveControllerHost } from 'lit';
import type { BackendMeasurement, MeasureProgress } from '../../protocol/backends.js';
import type { TrainEvent } from '../../protocol/training.js';
import type { TrainConfig } from '../../shared/train-config.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import { errorMessage } from '../../shared/error-message.js';

export class BackendsController {
  measurement: BackendMeasurement | undefined;
  /** Set while a measurement runs. */
  measuring: MeasureProgress | undefined;
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
  ) {}

  /** The speeds this device measured before, if any. */
  async read(): Promise<void> {
    try {
      this.measurement = await this.trainer.backends.remembered();
      this.host.requestUpdate();
    } catch (error) {
      console.error('Could not read the measured backend speeds', error);
    }
  }

  /** Measures every backend again, with the form's batch size and augmentation (defaults while it is invalid). */
  async measure(config: TrainConfig | undefined): Promise<void> {
    this.error = '';
    try {
      this.measurement = await this.trainer.backends.measure(
        { steps: 3, batchSize: config?.batchSize ?? 32, augment: config?.augment ?? true },
        (progress) => {
          this.measuring = progress;
          this.host.requestUpdate();
        },
      );
    } catch (error) {
      this.error = `Could not measure the backends: ${errorMessage(error)}`;
    } finally {
      this.measuring = undefined;
      this.host.requestUpdate();
    }
  }

  /** A run measuring before it starts (its backend is `auto` on a device not measured yet). */
  follow(event: Extract<TrainEvent, { type: 'measuring' | 'measured' }>): void {
    if (event.type === 'measuring') this.measuring = event;
    else {
      this.measuring = undefined;
      this.measurement = event.measurement;
    }
    this.host.requestUpdate();
  }
}
