import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { parseConfig, rawConfigFromQuery, type TrainConfig } from '../shared/train-config.js';
import type { AugmentPreview, DatasetInfo, DatasetProgress, ModelSummary, TrainEvent } from '../worker/trainer-api.js';
import './augment-preview.js';
import './dataset-status.js';
import './model-summary.js';
import './train-form.js';
import type { RawConfig } from './train-form.js';
import { TrainerClient } from './trainer-client.js';
import './training-charts.js';
import type { LossPoint } from './training-charts.js';
import './training-progress.js';
import type { RunState } from './training-progress.js';

/** The app: the only element that talks to the trainer worker. */
@customElement('mnist-app')
export class MnistApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 60rem;
      margin: 0 auto;
      padding: 0 1rem 2rem;
    }
    section {
      margin: 1.25rem 0;
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.5rem;
    }
  `;

  private readonly _trainer = new TrainerClient();
  private readonly _initial: RawConfig = rawConfigFromQuery(location.search);
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

  override connectedCallback() {
    super.connectedCallback();
    void this._loadDataset();
    this._trainer.describeModel().then(
      (summary) => (this._summary = summary),
      (error: unknown) => console.error('Could not build the model summary', error),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._trainer.terminate();
  }

  override render() {
    const running = this._run !== undefined && this._run.endedAt === undefined;
    return html`
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">Data</h2>
        <dataset-status
          .progress=${this._datasetProgress}
          .info=${this._dataset}
          .error=${this._datasetError}
          @dataset-retry=${this._loadDataset}
        ></dataset-status>
      </section>
      <section aria-labelledby="train-heading">
        <h2 id="train-heading">Training</h2>
        <train-form
          .initial=${this._initial}
          ?running=${running}
          ?ready=${this._dataset !== undefined}
          @config-input=${this._onConfigInput}
          @train-request=${this._onTrain}
          @train-stop=${this._onStop}
        ></train-form>
        <training-progress .run=${this._run}></training-progress>
      </section>
      <section aria-labelledby="plots-heading">
        <h2 id="plots-heading">Plots</h2>
        <training-charts
          .history=${this._run?.history ?? []}
          .batchLoss=${this._batchLoss}
          .bestEpoch=${this._run?.history.at(-1)?.bestEpoch ?? 0}
        ></training-charts>
      </section>
      <section aria-labelledby="augment-heading">
        <h2 id="augment-heading">What the model sees</h2>
        <augment-preview .preview=${this._preview}></augment-preview>
      </section>
      <section aria-labelledby="model-heading">
        <h2 id="model-heading">Model</h2>
        <model-summary .summary=${this._summary}></model-summary>
      </section>
    `;
  }

  private async _loadDataset() {
    this._datasetError = '';
    this._datasetProgress = undefined;
    try {
      this._dataset = await this._trainer.loadDataset((progress) => (this._datasetProgress = progress));
      void this._updatePreview();
    } catch (error) {
      this._datasetError = error instanceof Error ? error.message : String(error);
    }
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
    const abort = new AbortController();
    this._abort = abort;
    this._run = { status: 'running', startedAt: performance.now(), history: [] };
    this._batchLoss = [];
    const ended = (changes: Partial<RunState>): RunState => ({
      ...(this._run as RunState),
      ...changes,
      endedAt: performance.now(),
    });
    try {
      const result = await this._trainer.train(event.detail, (e) => this._onTrainEvent(e), abort.signal);
      this._run = ended({ status: result.reason, result });
    } catch (error) {
      this._run = ended({ status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private _onTrainEvent(event: TrainEvent) {
    const run = this._run;
    if (!run) return;
    switch (event.type) {
      case 'start':
        this._run = { ...run, start: event };
        break;
      case 'batch':
        this._run = { ...run, status: 'running', batch: event };
        this._batchLoss = thinned([...this._batchLoss, { step: event.step, loss: event.smoothedLoss }]);
        break;
      case 'validate':
        this._run = { ...run, status: 'validating' };
        break;
      case 'epoch': {
        const { type: _type, ...metrics } = event;
        this._run = { ...run, status: 'running', history: [...run.history, metrics] };
        break;
      }
    }
  }

  private _onStop() {
    this._abort?.abort();
  }
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
