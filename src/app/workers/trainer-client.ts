// The page's one handle on the trainer worker: forwards calls through Comlink (progress
// callbacks as proxies) and stops a run when its AbortSignal fires.
import { proxy, type Remote } from 'comlink';
import type { EvaluationReport } from '../../shared/evaluation-report.js';
import type { BackendChoice, TrainConfig } from '../../shared/train-config.js';
import type {
  AugmentPreview,
  AugmentPreviewSettings,
  BackendMeasurement,
  DatasetInfo,
  DatasetProgress,
  EpochMetrics,
  ExportedModel,
  FineTuneProgress,
  FineTuneResult,
  ModelSummary,
  PersonalDigit,
  PersonalImport,
  RunSummary,
  TrainerApi,
  TrainEvent,
  TrainResult,
} from '../../protocol/trainer.js';
import { WorkerConnection } from './worker-connection.js';

export type WorkerFactory = () => Worker;
export type MeasureProgress = Parameters<NonNullable<Parameters<TrainerApi['measureBackends']>[1]>>[0];

const defaultWorker: WorkerFactory = () =>
  new Worker(new URL('./trainer-worker.js', import.meta.url), { type: 'module', name: 'trainer' });

/** A run that aborting `signal` stops at the next batch boundary. */
function stoppable<T>(api: Remote<TrainerApi>, signal: AbortSignal | undefined, run: Promise<T>): Promise<T> {
  signal?.addEventListener('abort', () => void api.stop(), { once: true });
  return run;
}

export class TrainerClient {
  private readonly connection: WorkerConnection<TrainerApi>;

  constructor(createWorker: WorkerFactory = defaultWorker) {
    this.connection = new WorkerConnection('trainer', createWorker, (api, name) => api.holdLifeLock(name));
  }

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

  /** Continues a saved run (on `backend`, if given); aborting `signal` stops it as in train(). */
  resume(
    runId: string,
    onEvent: (event: TrainEvent) => void,
    signal?: AbortSignal,
    backend?: BackendChoice,
  ): Promise<TrainResult> {
    return this.call((api) => stoppable(api, signal, api.resume(runId, proxy(onEvent), backend)));
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

  backendSpeeds(): Promise<BackendMeasurement | undefined> {
    return this.call((api) => api.backendSpeeds());
  }

  measureBackends(
    options: Parameters<TrainerApi['measureBackends']>[0],
    onProgress: (progress: MeasureProgress) => void,
  ): Promise<BackendMeasurement> {
    return this.call((api) => api.measureBackends(options, proxy(onProgress)));
  }

  previewAugmentation(settings: AugmentPreviewSettings): Promise<AugmentPreview> {
    return this.call((api) => api.previewAugmentation(settings));
  }

  evaluate(
    runId: string | null,
    onProgress: (progress: { done: number; total: number }) => void,
  ): Promise<EvaluationReport> {
    return this.call((api) => api.evaluate(runId, proxy(onProgress)));
  }

  exportRun(runId: string): Promise<ExportedModel> {
    return this.call((api) => api.exportRun(runId));
  }

  importModel(files: File[]): Promise<RunSummary> {
    return this.call((api) => api.importModel(files));
  }

  addPersonalDigit(label: number, pixels: Uint8Array): Promise<PersonalDigit> {
    return this.call((api) => api.addPersonalDigit(label, pixels));
  }

  listPersonalDigits(): Promise<PersonalDigit[]> {
    return this.call((api) => api.listPersonalDigits());
  }

  deletePersonalDigit(id: string): Promise<void> {
    return this.call((api) => api.deletePersonalDigit(id));
  }

  exportPersonalDigits(): Promise<string> {
    return this.call((api) => api.exportPersonalDigits());
  }

  importPersonalDigits(file: File): Promise<PersonalImport> {
    return this.call((api) => api.importPersonalDigits(file));
  }

  fineTune(runId: string, onProgress: (progress: FineTuneProgress) => void): Promise<FineTuneResult> {
    return this.call((api) => api.fineTune(runId, proxy(onProgress)));
  }

  testImages(indices: number[]): Promise<Uint8Array> {
    return this.call((api) => api.testImages(indices));
  }

  /** Ends the worker at once; pending calls reject and the next call starts a new worker. */
  terminate(): void {
    this.connection.terminate();
  }

  private call<T>(run: (api: Remote<TrainerApi>) => Promise<T>): Promise<T> {
    return this.connection.call(run);
  }
}
