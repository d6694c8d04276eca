import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  parseConfig,
  queryNotes,
  rawConfigFromQuery,
  type BackendChoice,
  type TrainConfig,
} from '../shared/train-config.js';
import type {
  BackendMeasurement,
  AugmentPreview,
  DatasetInfo,
  DatasetProgress,
  EpochMetrics,
  ModelSummary,
  RunSummary,
  TrainEvent,
  TrainResult,
} from '../protocol/trainer.js';
import type { PredictResult } from '../protocol/predictor.js';
import { AppServiceWorker } from './workers/app-service-worker.js';
import './elements/training/augment-preview.js';
import './elements/training/backend-speeds.js';
import './elements/status/dataset-status.js';
import './elements/draw/digit-prediction.js';
import './elements/draw/draw-pad.js';
import { EvaluationController } from './controllers/evaluation-controller.js';
import type { InkDetail } from './elements/draw/draw-pad.js';
import { PredictorClient } from './workers/predictor-client.js';
import './elements/models/model-import.js';
import './elements/models/model-library.js';
import { isResumable, type StorageStatus } from './elements/models/model-library.js';
import { withRun } from '../shared/runs.js';
import './elements/draw/model-picker.js';
import { PersonalController } from './controllers/personal-controller.js';
import './elements/personal/personal-set.js';
import './elements/models/model-summary.js';
import './elements/status/network-status.js';
import { OtherTabs } from './controllers/other-tabs.js';
import './elements/training/resume-offer.js';
import { isFault, isGpuLoss, nextFault, type Fault } from './controllers/run-faults.js';
import './elements/training/train-form.js';
import type { RawConfig } from './elements/training/train-form.js';
import { TrainerClient, type MeasureProgress } from './workers/trainer-client.js';
import './elements/evaluation/test-evaluation.js';
import './elements/training/training-charts.js';
import type { LossPoint } from './elements/training/training-charts.js';
import './elements/training/training-progress.js';
import type { RunState } from './elements/training/training-progress.js';
import './elements/status/update-banner.js';
import { saveFile } from './elements/save-file.js';
import { controls } from './elements/theme.js';
import type { UpdateState } from './elements/status/update-banner.js';

declare const __APP_VERSION__: string;

/** The run an update reload interrupted (sessionStorage): resumed when the page is back. */
const RESUME_AFTER_UPDATE = 'mnist-resume-after-update';
/** The run this tab last started (sessionStorage: it outlives a reload, not the tab). */
const TRAINED_IN_THIS_TAB = 'mnist-trained-in-this-tab';

/** The app: the only element that talks to the trainer worker. */
@customElement('mnist-app')
export class MnistApp extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      max-width: 60rem;
      margin: 0 auto;
      padding: 0 1rem 2rem;
    }
    .app-status {
      display: grid;
      gap: 0.5rem;
      margin: 0.75rem 0;
    }
    .version {
      font-size: 0.85rem;
      opacity: 0.8;
    }
    section {
      margin: 1.25rem 0;
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.5rem;
    }
    .draw-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
      gap: 1rem;
      align-items: start;
    }
  `;

  private readonly _trainer = new TrainerClient();
  private readonly _predictor = new PredictorClient();
  private readonly _evaluation = new EvaluationController(this, this._trainer);
  private readonly _personal = new PersonalController(this, this._trainer);
  private readonly _otherTabs = new OtherTabs(this, {
    trainingHere: () => this._isRunning() || this._measuring !== undefined || this._personal.progress !== null,
    runsChanged: () => void this._refreshLibrary(),
    runSaved: (run) => (this._runs = withRun(this._runs, run)),
    released: (runId) => void this._takeOver(runId),
  });
  private readonly _initial: RawConfig = rawConfigFromQuery(location.search);
  private readonly _queryNotes = queryNotes(location.search);
  private _abort?: AbortController;
  private _raw: RawConfig = this._initial;
  private _previewTimer?: number;

  @state() private accessor _datasetProgress: DatasetProgress | undefined;
  @state() private accessor _dataset: DatasetInfo | undefined;
  @state() private accessor _datasetError = '';
  @state() private accessor _summary: ModelSummary | undefined;
  @state() private accessor _run: RunState | undefined;
  @state() private accessor _preview: AugmentPreview | undefined;
  @state() private accessor _batchLoss: LossPoint[] = [];
  @state() private accessor _runs: RunSummary[] = [];
  @state() private accessor _storage: StorageStatus | undefined;
  @state() private accessor _activeRunId = '';
  @state() private accessor _libraryError = '';
  @state() private accessor _importing = false;
  @state() private accessor _importMessage = '';
  @state() private accessor _importFailed = false;
  @state() private accessor _prediction: PredictResult | undefined;
  /** The run whose checkpoint predicts drawings; null follows the newest. */
  @state() private accessor _pickedRun: string | null = null;
  @state() private accessor _measurement: BackendMeasurement | undefined;
  @state() private accessor _measuring: MeasureProgress | undefined;
  @state() private accessor _measureError = '';
  @state() private accessor _online = navigator.onLine;
  @state() private accessor _stored = false;
  @state() private accessor _offlineUnavailable = '';
  @state() private accessor _update: UpdateState = 'none';
  @state() private accessor _updateVersion: string | undefined;
  /** The last run a fault ended (worker died, GPU lost), to offer a resume that fits. */
  @state() private accessor _fault: Fault | undefined;
  /** Set when this tab took over a run from a tab that closed mid-run. */
  @state() private accessor _tookOver = '';

  private readonly _serviceWorker = new AppServiceWorker('sw.js', {
    offlineReady: () => {
      this._stored = true;
      this._offlineUnavailable = '';
    },
    updateWaiting: (version) => {
      this._updateVersion = version;
      if (this._update === 'none') this._update = 'available';
    },
    updatedElsewhere: () => {
      if (this._update !== 'applying') this._update = 'elsewhere';
    },
    failed: (reason) => (this._offlineUnavailable = reason),
  });

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('online', this._onOnline);
    window.addEventListener('offline', this._onOffline);
    // Registered once MNIST is in: on a first visit the dataset download then has the
    // network to itself, and the precache fills afterwards.
    void this._loadDataset().then(() => this._serviceWorker.register());
    void this._refreshLibrary().then(() => this._resumeAfterUpdate());
    void this._personal.refresh();
    this._trainer.backendSpeeds().then(
      (measurement) => (this._measurement = measurement),
      (error: unknown) => console.error('Could not read the measured backend speeds', error),
    );
    this._trainer.describeModel().then(
      (summary) => (this._summary = summary),
      (error: unknown) => console.error('Could not build the model summary', error),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('online', this._onOnline);
    window.removeEventListener('offline', this._onOffline);
    this._trainer.terminate();
    this._predictor.terminate();
  }

  override render() {
    const running = this._isRunning();
    const elsewhere = this._otherTabs.training;
    const faulted = this._runs.find((run) => run.id === this._fault?.runId && isResumable(run));
    const resumable = faulted ?? this._runs.find(isResumable);
    const elsewhereName = this._runs.find((run) => run.id === elsewhere?.runId)?.name;
    return html`
      <div class="app-status">
        <network-status
          .online=${this._online}
          .stored=${this._stored}
          .unavailable=${this._offlineUnavailable}
        ></network-status>
        <update-banner
          .state=${this._update}
          .version=${this._updateVersion}
          .training=${running}
          .epoch=${(this._run?.history.length ?? 0) + 1}
          @update-request=${this._onUpdateRequest}
        ></update-banner>
      </div>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">Data</h2>
        <dataset-status
          .progress=${this._datasetProgress}
          .info=${this._dataset}
          .error=${this._datasetError}
          @dataset-retry=${this._loadDataset}
        ></dataset-status>
      </section>
      <section aria-labelledby="draw-heading" class="draw">
        <h2 id="draw-heading">Draw a digit</h2>
        <div class="draw-grid">
          <model-picker .runs=${this._runs} .value=${this._pickedRun} @model-pick=${this._onModelPick}></model-picker>
          <draw-pad @ink=${this._onInk}></draw-pad>
          <digit-prediction .result=${this._prediction} @want-train=${this._onWantTrain}></digit-prediction>
        </div>
      </section>
      <section aria-labelledby="personal-heading">
        <h2 id="personal-heading">Teach it your handwriting</h2>
        <personal-set
          .digits=${this._personal.digits}
          ?canLabel=${this._prediction?.kind === 'prediction'}
          .modelName=${this._prediction?.kind === 'prediction' ? this._prediction.model.name : ''}
          ?busy=${running}
          .progress=${this._personal.progress}
          .result=${this._personal.result}
          .imported=${this._personal.imported}
          ?importing=${this._personal.importing}
          .error=${this._personal.error}
          @personal-add=${(event: CustomEvent<{ label: number }>) => void this._labelDrawing(event.detail.label)}
          @personal-delete=${(event: CustomEvent<{ id: string }>) => void this._personal.delete(event.detail.id)}
          @personal-export=${this._onPersonalExport}
          @personal-import=${(event: CustomEvent<{ file: File }>) => void this._personal.importFile(event.detail.file)}
          @personal-fine-tune=${this._onFineTune}
        ></personal-set>
      </section>
      <section aria-labelledby="train-heading">
        <h2 id="train-heading">Training</h2>
        ${
          elsewhere
            ? html`<p class="elsewhere" role="status">
                ${elsewhereName ? `"${elsewhereName}" is training` : 'Training runs'} in another tab of this app. This
                tab keeps predicting, and takes the run over if that tab closes.
              </p>`
            : ''
        }
        ${this._tookOver ? html`<p role="status">${this._tookOver}</p>` : ''}
        ${
          resumable && !running && !elsewhere
            ? html`<resume-offer
                .run=${resumable}
                .fault=${this._fault}
                @run-resume=${(event: CustomEvent<{ id: string; backend?: BackendChoice }>) =>
                  void this._resume(event.detail.id, event.detail.backend)}
              ></resume-offer>`
            : ''
        }
        <train-form
          .initial=${this._initial}
          .notes=${this._queryNotes}
          ?running=${running}
          ?ready=${this._dataset !== undefined && !elsewhere}
          @config-input=${this._onConfigInput}
          @train-request=${this._onTrain}
          @train-stop=${this._onStop}
        ></train-form>
        <training-progress .run=${this._run}></training-progress>
      </section>
      <section aria-labelledby="speed-heading">
        <h2 id="speed-heading">Training speed</h2>
        <backend-speeds
          .measurement=${this._measurement}
          .measuring=${this._measuring}
          .error=${this._measureError}
          ?busy=${running}
          @measure-request=${this._onMeasure}
        ></backend-speeds>
      </section>
      <section aria-labelledby="plots-heading">
        <h2 id="plots-heading">Plots</h2>
        <training-charts
          .history=${this._run?.history ?? []}
          .batchLoss=${this._batchLoss}
          .bestEpoch=${this._run?.history.at(-1)?.bestEpoch ?? 0}
        ></training-charts>
      </section>
      <section aria-labelledby="evaluation-heading">
        <h2 id="evaluation-heading">Where the model fails</h2>
        <test-evaluation
          .runs=${this._runs}
          ?sessionModel=${this._run?.result !== undefined}
          ?busy=${running}
          .progress=${this._evaluation.progress}
          .report=${this._evaluation.report}
          .error=${this._evaluation.error}
          .wrong=${this._evaluation.wrong}
          .cell=${this._evaluation.cell}
          @evaluate-request=${(event: CustomEvent<{ runId: string | null }>) =>
            void this._evaluation.evaluate(event.detail.runId)}
          @cell-pick=${(event: CustomEvent<{ label: number; called: number }>) =>
            void this._evaluation.showCell(event.detail.label, event.detail.called)}
        ></test-evaluation>
      </section>
      <section aria-labelledby="augment-heading">
        <h2 id="augment-heading">What the model sees</h2>
        <augment-preview .preview=${this._preview}></augment-preview>
      </section>
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Saved models</h2>
        ${this._libraryError ? html`<p class="error" role="alert">${this._libraryError}</p>` : ''}
        <model-library
          .runs=${this._runs}
          .storage=${this._storage}
          .activeRunId=${this._activeRunId}
          ?busy=${running}
          @run-resume=${(event: CustomEvent<{ id: string }>) => void this._resume(event.detail.id)}
          @run-rename=${this._onRename}
          @run-delete=${this._onDelete}
          @run-export=${this._onExport}
        ></model-library>
        <model-import
          ?busy=${this._importing}
          .message=${this._importMessage}
          ?failed=${this._importFailed}
          @model-import=${this._onImport}
        ></model-import>
      </section>
      <section aria-labelledby="model-heading">
        <h2 id="model-heading">Model</h2>
        <model-summary .summary=${this._summary}></model-summary>
      </section>
      <p class="version">Version ${__APP_VERSION__}</p>
    `;
  }

  private async _loadDataset() {
    this._datasetError = '';
    this._datasetProgress = undefined;
    try {
      this._dataset = await this._trainer.loadDataset((progress) => (this._datasetProgress = progress));
      void this._updatePreview();
    } catch (error) {
      const reason = message(error);
      this._datasetError = navigator.onLine
        ? reason
        : `You are offline, and MNIST is not on this device yet: the first download needs the network (about 11.5 MB). It starts by itself when you are back online. (${reason})`;
    }
  }

  private readonly _onOnline = () => {
    this._online = true;
    if (this._datasetError) void this._loadDataset().then(() => this._serviceWorker.register());
  };

  private readonly _onOffline = () => (this._online = false);

  private _isRunning(): boolean {
    return this._run !== undefined && this._run.endedAt === undefined;
  }

  /** The user asked for the new version: now, or during a run once this epoch's checkpoint is saved. */
  private _onUpdateRequest() {
    if (this._isRunning()) this._update = 'deferred';
    else this._applyUpdate();
  }

  private _applyUpdate() {
    // The reload ends the worker mid-epoch; the checkpoint just saved is where the run
    // carries on once the new version is up.
    if (this._isRunning() && this._activeRunId) {
      sessionStorage.setItem(RESUME_AFTER_UPDATE, this._activeRunId);
      // Stop at the next batch: a fast backend would otherwise save another epoch or two
      // while the new version takes over, and the resume would not start where promised.
      this._abort?.abort();
    }
    this._update = 'applying';
    this._serviceWorker.apply();
  }

  private _resumeAfterUpdate() {
    const id = sessionStorage.getItem(RESUME_AFTER_UPDATE);
    if (id === null) return;
    sessionStorage.removeItem(RESUME_AFTER_UPDATE);
    const run = this._runs.find((candidate) => candidate.id === id);
    if (run && isResumable(run)) void this._resume(id);
  }

  /** Shows the current augmentation settings applied to a few training images. */
  private async _updatePreview() {
    const { config } = parseConfig(this._raw);
    if (!config || !this._dataset) return;
    const off = !config.augment;
    try {
      this._preview = await this._trainer.previewAugmentation({
        rotationRange: off ? 0 : config.rotationRange,
        zoomRange: off ? 0 : config.zoomRange,
        widthShiftRange: off ? 0 : config.widthShiftRange,
        heightShiftRange: off ? 0 : config.heightShiftRange,
        seed: config.seed,
        count: 4,
        variants: 7,
      });
    } catch (error) {
      console.error('Could not preview the augmentation', error);
    }
  }

  private async _onModelPick(event: CustomEvent<{ runId: string | null }>) {
    this._pickedRun = event.detail.runId;
    try {
      await this._predictor.useRun(event.detail.runId);
      // The drawing on the pad now goes to the chosen model.
      if (this._lastInk) await this._predict({ ...this._lastInk, ink: this._lastInk.ink.slice(), final: true });
    } catch (error) {
      this._libraryError = `Could not load that model for drawing: ${message(error)}`;
    }
  }

  /** The pad's drawing as the last stroke ended (a copy: predicting transfers the ink). */
  private _lastInk: InkDetail | undefined;

  private _onInk(event: CustomEvent<InkDetail>) {
    // Copied once a stroke, not at every throttled update while the finger moves.
    if (event.detail.final) this._lastInk = { ...event.detail, ink: event.detail.ink.slice() };
    return this._predict(event.detail);
  }

  private async _predict(detail: InkDetail) {
    const { ink, width, height, final } = detail;
    // Lifting the finger to seeing the answer: a measure the benchmark reads.
    if (final) performance.mark('ink-final');
    try {
      const result = await this._predictor.predict({ ink, width, height });
      if (!result) return; // a newer drawing took its place
      this._prediction = result;
      if (final && result.kind === 'prediction') {
        await this.updateComplete;
        performance.measure('prediction-shown', 'ink-final');
      }
    } catch (error) {
      console.error('Prediction failed', error);
    }
  }

  /** The last drawing, as the model received it, into the personal set. */
  private async _labelDrawing(label: number) {
    if (this._prediction?.kind !== 'prediction') return;
    await this._personal.add(label, this._prediction.input);
  }

  private async _onPersonalExport() {
    const text = await this._personal.json();
    if (text) saveFile('my-digits.json', new Blob([text], { type: 'application/json' }));
  }

  /** Fine-tunes the model that predicts the drawings; the result is a new saved run. */
  private async _onFineTune() {
    if (this._prediction?.kind !== 'prediction') return;
    if (await this._personal.fineTune(this._prediction.model.runId)) await this._refreshLibrary();
  }

  private _onWantTrain() {
    const form = this.renderRoot.querySelector('train-form');
    form?.scrollIntoView({ behavior: 'smooth' });
    form?.renderRoot.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  }

  /** Keeps the URL in step with the form, so a setup is a shareable link. */
  private _onConfigInput(event: CustomEvent<RawConfig>) {
    const params = new URLSearchParams(location.search);
    for (const [name, value] of Object.entries(event.detail)) params.set(name, value);
    history.replaceState(null, '', `?${params}`);
    this._raw = event.detail;
    window.clearTimeout(this._previewTimer);
    this._previewTimer = window.setTimeout(() => void this._updatePreview(), 250);
  }

  private async _onTrain(event: CustomEvent<TrainConfig>) {
    this._tookOver = '';
    await this._askPersistence();
    await this._runTraining([], (onEvent, signal) => this._trainer.train(event.detail, onEvent, signal));
  }

  private async _resume(id: string, backend?: BackendChoice) {
    try {
      const { history } = await this._trainer.getRun(id);
      await this._runTraining(history, (onEvent, signal) => this._trainer.resume(id, onEvent, signal, backend));
    } catch (error) {
      this._libraryError = message(error);
    }
  }

  /**
   * The tab that trained let go. If it closed mid-run (the run is still marked running
   * and unfinished), this tab carries the run on from its last checkpoint.
   */
  private async _takeOver(runId: string | undefined) {
    await this._refreshLibrary();
    const run = this._runs.find((candidate) => candidate.id === runId);
    if (!run || run.status !== 'running' || !isResumable(run) || this._isRunning()) return;
    // This tab's own run, from before a reload (its worker lets go of the lock a moment
    // after the new page looked): offered, as after any reload, not carried on unasked.
    if (sessionStorage.getItem(TRAINED_IN_THIS_TAB) === run.id) return;
    this._tookOver = `Took over "${run.name}" from a tab that closed, at epoch ${run.epoch + 1} of ${run.epochs}.`;
    await this._resume(run.id);
    if (this._run?.error?.startsWith('Another tab of this app is training')) {
      // A third tab took it over first: nothing failed here.
      this._run = undefined;
      this._tookOver = '';
      void this._otherTabs.check();
    }
  }

  /** Runs a training call, following its events into the page's state. */
  private async _runTraining(
    history: EpochMetrics[],
    start: (onEvent: (event: TrainEvent) => void, signal: AbortSignal) => Promise<TrainResult>,
  ) {
    const abort = new AbortController();
    this._abort = abort;
    this._run = { status: 'running', startedAt: performance.now(), history };
    this._batchLoss = [];
    this._libraryError = '';
    const ended = (changes: Partial<RunState>): RunState => ({
      ...(this._run as RunState),
      ...changes,
      endedAt: performance.now(),
    });
    try {
      const result = await start((e) => this._onTrainEvent(e), abort.signal);
      this._run = ended({ status: result.reason, result });
      this._fault = undefined;
    } catch (error) {
      this._run = ended({ status: 'failed', error: message(error) });
      const start = this._run.start;
      if (isFault(error) && start) {
        const failed = { runId: start.runId, backend: start.backend.name, message: message(error) };
        this._fault = nextFault(this._fault, failed, this._measurement);
      }
      // A lost device cannot be used again by that worker: the next call starts a new one.
      if (isGpuLoss(error)) this._trainer.terminate();
    }
    this._activeRunId = '';
    await this._refreshLibrary();
    if (this._update === 'deferred') this._applyUpdate();
  }

  /** Asks, before the first checkpoint, that the browser keep this site's storage. */
  private async _askPersistence() {
    if (this._storage?.persisted) return;
    const persisted = await navigator.storage.persist().catch(() => false);
    this._storage = { ...(await estimate()), persisted };
  }

  private async _refreshLibrary() {
    try {
      this._runs = await this._trainer.listRuns();
      await this._refreshStorage();
    } catch (error) {
      this._libraryError = `Could not list the saved models: ${message(error)}`;
    }
  }

  private async _refreshStorage() {
    const persisted = await navigator.storage.persisted().catch(() => false);
    this._storage = { ...(await estimate()), persisted };
  }

  private async _onRename(event: CustomEvent<{ id: string; name: string }>) {
    try {
      await this._trainer.renameRun(event.detail.id, event.detail.name);
      this._libraryError = '';
    } catch (error) {
      this._libraryError = message(error);
    }
    await this._refreshLibrary();
  }

  /** The worker makes the files; the page saves them (a worker cannot download). */
  private async _onExport(event: CustomEvent<{ id: string }>) {
    try {
      const { modelJson, weights, baseName } = await this._trainer.exportRun(event.detail.id);
      saveFile(`${baseName}.json`, new Blob([modelJson], { type: 'application/json' }));
      saveFile(`${baseName}.weights.bin`, new Blob([weights], { type: 'application/octet-stream' }));
      this._libraryError = '';
    } catch (error) {
      this._libraryError = `Could not export: ${message(error)}`;
    }
  }

  private async _onImport(event: CustomEvent<{ files: File[] }>) {
    this._importing = true;
    this._importMessage = '';
    try {
      const run = await this._trainer.importModel(event.detail.files);
      this._importMessage = `Imported as "${run.name}": in Saved models, to evaluate or to draw with.`;
      this._importFailed = false;
    } catch (error) {
      this._importMessage = `Nothing was imported: ${message(error)}`;
      this._importFailed = true;
    } finally {
      this._importing = false;
    }
    await this._refreshLibrary();
  }

  private async _onDelete(event: CustomEvent<{ id: string }>) {
    try {
      await this._trainer.deleteRun(event.detail.id);
      this._libraryError = '';
      if (this._pickedRun === event.detail.id) {
        // Its checkpoint is gone: drawings go to the newest one again.
        this._pickedRun = null;
        await this._predictor.useRun(null);
      }
    } catch (error) {
      this._libraryError = message(error);
    }
    await this._refreshLibrary();
  }

  private _onTrainEvent(event: TrainEvent) {
    const run = this._run;
    if (!run) return;
    switch (event.type) {
      case 'measuring':
        this._measuring = event;
        this._run = { ...run, measuring: event };
        break;
      case 'measured':
        this._measuring = undefined;
        this._measurement = event.measurement;
        this._run = { ...run, measuring: undefined };
        break;
      case 'start':
        this._run = { ...run, start: event };
        this._activeRunId = event.runId;
        sessionStorage.setItem(TRAINED_IN_THIS_TAB, event.runId);
        break;
      case 'batch':
        this._run = { ...run, status: 'running', batch: event };
        this._batchLoss = thinned([...this._batchLoss, { step: event.step, loss: event.smoothedLoss }]);
        break;
      case 'validate':
        this._run = { ...run, status: 'validating' };
        break;
      case 'saving':
        break;
      case 'saved':
        this._run = { ...run, saved: event };
        this._runs = withRun(this._runs, event.run);
        void this._refreshStorage();
        if (this._update === 'deferred') this._applyUpdate();
        break;
      case 'epoch': {
        const { type: _type, ...metrics } = event;
        this._run = { ...run, status: 'running', history: [...run.history, metrics] };
        break;
      }
    }
  }

  /** Measures every backend again, with the form's batch size and augmentation. */
  private async _onMeasure() {
    const { config } = parseConfig(this._raw);
    this._measureError = '';
    try {
      this._measurement = await this._trainer.measureBackends(
        { steps: 3, batchSize: config?.batchSize ?? 32, augment: config?.augment ?? true },
        (progress) => (this._measuring = progress),
      );
    } catch (error) {
      this._measureError = `Could not measure the backends: ${message(error)}`;
    } finally {
      this._measuring = undefined;
    }
  }

  private _onStop() {
    this._abort?.abort();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function estimate(): Promise<{ usage: number; quota: number }> {
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usage, quota };
}

/** Keeps a long run's loss curve to a few thousand points: every other one once it grows past that. */
function thinned(points: LossPoint[]): LossPoint[] {
  return points.length > 4000 ? points.filter((_, i) => i % 2 === 0 || i === points.length - 1) : points;
}

declare global {
  interface HTMLElementTagNameMap {
    'mnist-app': MnistApp;
  }
}
