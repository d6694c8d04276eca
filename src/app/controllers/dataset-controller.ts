// What the page reads from the trainer before any run: MNIST (downloaded once, then
// read from IndexedDB) and the model's layer summary. Its own error text says what to
// do when the first download finds no network.
import type { ReactiveControllerHost } from 'lit';
import type { DatasetInfo, DatasetProgress } from '../../protocol/data.js';
import type { ModelSummary } from '../../protocol/training.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import { errorMessage } from '../../shared/error-message.js';

export class DatasetController {
  progress: DatasetProgress | undefined;
  info: DatasetInfo | undefined;
  error = '';
  summary: ModelSummary | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
    /** Called each time MNIST is in. */
    private readonly loaded: () => void,
  ) {}

  /** Loads MNIST into the worker; never rejects (a failure is `error`). */
  async load(): Promise<void> {
    this.error = '';
    this.progress = undefined;
    this.host.requestUpdate();
    try {
      this.info = await this.trainer.data.load((progress) => {
        this.progress = progress;
        this.host.requestUpdate();
      });
      this.loaded();
    } catch (error) {
      const reason = errorMessage(error);
      this.error = navigator.onLine
        ? reason
        : `You are offline, and MNIST is not on this device yet: the first download needs the network (about 11.5 MB). It starts by itself when you are back online. (${reason})`;
    }
    this.host.requestUpdate();
  }

  async describeModel(): Promise<void> {
    try {
      this.summary = await this.trainer.training.describeModel();
      this.host.requestUpdate();
    } catch (error) {
      console.error('Could not build the model summary', error);
    }
  }
}
