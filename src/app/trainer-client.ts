// The page's one handle on the trainer worker: starts it lazily, forwards calls
// through Comlink, stops a run on abort, and replaces a worker that failed.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { TrainConfig } from '../shared/train-config.js';
import type {
  AugmentPreview,
  AugmentPreviewSettings,
  DatasetInfo,
  DatasetProgress,
  EpochMetrics,
  ModelSummary,
  RunSummary,
  TrainerApi,
  TrainEvent,
  TrainResult,
} from '../worker/trainer-api.js';

export type WorkerFactory = () => Worker;

const defaultWorker: WorkerFactory = () =>
  new Worker(new URL('./trainer-worker.js', import.meta.url), { type: 'module', name: 'trainer' });

interface Connection {
  worker: Worker;
  remote: Remote<TrainerApi>;
  /** Rejects when the worker dies: Comlink alone would leave its calls pending forever. */
  failed: Promise<never>;
  fail: (error: Error) => void;
}

/** A run that aborting `signal` stops at the next batch boundary. */
function stoppable<T>(api: Remote<TrainerApi>, signal: AbortSignal | undefined, run: Promise<T>): Promise<T> {
  signal?.addEventListener('abort', () => void api.stop(), { once: true });
  return run;
}

export class TrainerClient {
  private connection?: Connection;

  constructor(private readonly createWorker: WorkerFactory = defaultWorker) {}

  loadDataset(onProgress: (progress: DatasetProgress) => void): Promise<DatasetInfo> {
    return this.call((api) => api.loadDataset(proxy(onProgress)));
  }

  describeModel(): Promise<ModelSummary> {
    return this.call((api) => api.describeModel());
  }

  /** Trains; aborting `signal` stops the run at the next batch boundary. */
  train(config: TrainConfig, onEvent: (event: TrainEvent) => void, signal?: AbortSignal): Promise<TrainResult> {
    return this.call((api) => stoppable(api, signal, api.train(config, proxy(onEvent))));
  }

  /** Continues a saved run; aborting `signal` stops it as in train(). */
  resume(runId: string, onEvent: (event: TrainEvent) => void, signal?: AbortSignal): Promise<TrainResult> {
    return this.call((api) => stoppable(api, signal, api.resume(runId, proxy(onEvent))));
  }

  listRuns(): Promise<RunSummary[]> {
    return this.call((api) => api.listRuns());
  }

  getRun(runId: string): Promise<{ summary: RunSummary; config: TrainConfig; history: EpochMetrics[] }> {
    return this.call((api) => api.getRun(runId));
  }

  renameRun(runId: string, name: string): Promise<RunSummary> {
    return this.call((api) => api.renameRun(runId, name));
  }

  deleteRun(runId: string): Promise<void> {
    return this.call((api) => api.deleteRun(runId));
  }

  previewAugmentation(settings: AugmentPreviewSettings): Promise<AugmentPreview> {
    return this.call((api) => api.previewAugmentation(settings));
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    connection.fail(new Error('The trainer worker was terminated.'));
    connection.remote[releaseProxy]();
    connection.worker.terminate();
  }

  private call<T>(run: (api: Remote<TrainerApi>) => Promise<T>): Promise<T> {
    const { remote, failed } = this.connect();
    return Promise.race([run(remote), failed]);
  }

  private connect(): Connection {
    if (this.connection) return this.connection;
    const worker = this.createWorker();
    let fail: (error: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {}); // observed through call()'s race
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(new Error(`The trainer worker failed: ${event.message || 'its script could not load'}`));
      this.terminate();
    });
    this.connection = { worker, remote: wrap<TrainerApi>(worker), failed, fail };
    return this.connection;
  }
}
