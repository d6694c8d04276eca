// The page: creates the worker clients and one controller per concern, and binds their state
// to the elements' properties and the elements' events to their methods. Only controllers
// talk to workers; each owns its state and its error text. Who is given whom (constructors):
//   update → run → library → drawing;  update → dataset;  run → backends, personal;
//   preview → dataset;  evaluation, personal: the trainer only.
// Notices the other way are callbacks wired here: MNIST loaded → preview; a checkpoint
// saved or a run ended → update.
import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { BackendsController } from './controllers/backends-controller.js';
import { DatasetController } from './controllers/dataset-controller.js';
import { DrawingController } from './controllers/drawing-controller.js';
import { EvaluationController } from './controllers/evaluation-controller.js';
import { LibraryController } from './controllers/library-controller.js';
import { PersonalController } from './controllers/personal-controller.js';
import { PreviewController } from './controllers/preview-controller.js';
import { RunController } from './controllers/run-controller.js';
import { UpdateController } from './controllers/update-controller.js';
import { styles } from './mnist-app.styles.js';
import './elements/draw/index.js';
import './elements/evaluation/index.js';
import './elements/models/index.js';
import './elements/personal/index.js';
import './elements/status/index.js';
import './elements/training/index.js';
import { PredictorClient } from './workers/predictor-client.js';
import { TrainerClient } from './workers/trainer-client.js';

declare const __APP_VERSION__: string;

type On<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K];

@customElement('mnist-app')
export class MnistApp extends LitElement {
  static override styles = styles;

  private readonly _trainer = new TrainerClient();
  private readonly _predictor = new PredictorClient();
  private readonly _evaluation = new EvaluationController(this, this._trainer);
  private readonly _personal = new PersonalController(this, this._trainer);
  private readonly _backends = new BackendsController(this, this._trainer);
  private readonly _drawing = new DrawingController(this, this._predictor);
  private readonly _library = new LibraryController(this, this._trainer, this._drawing);
  private readonly _dataset = new DatasetController(this, this._trainer, () => void this._preview.refresh());
  private readonly _preview = new PreviewController(this, this._trainer, this._dataset);
  private readonly _run = new RunController(this, this._trainer, this._library, this._backends, this._personal, () =>
    this._updates.applyIfDeferred(),
  );
  private readonly _updates = new UpdateController(this, this._dataset, this._run);

  override connectedCallback() {
    super.connectedCallback();
    // Registered once MNIST is in: on a first visit the dataset download then has the
    // network to itself, and the precache fills afterwards.
    void this._dataset.load().then(() => this._updates.register());
    void this._library.refresh().then(() => this._run.resumeAfterUpdate());
    void this._personal.refresh();
    void this._backends.read();
    void this._dataset.describeModel();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._trainer.terminate();
    this._predictor.terminate();
  }

  override render() {
    const { run, running } = this._run;
    const { prediction } = this._drawing;
    const elsewhere = this._run.otherTabs.training;
    const elsewhereName = this._library.find(elsewhere?.runId)?.name;
    return html`
      <div class="app-status">
        <network-status
          .online=${this._updates.online}
          .stored=${this._updates.stored}
          .unavailable=${this._updates.unavailable}
        ></network-status>
        <update-banner
          .state=${this._updates.state}
          .version=${this._updates.version}
          .training=${running}
          .epoch=${(run?.checkpointEpoch ?? 0) + 1}
          @update-request=${() => this._updates.request()}
        ></update-banner>
      </div>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">Data</h2>
        <dataset-status
          .progress=${this._dataset.progress}
          .info=${this._dataset.info}
          .error=${this._dataset.error}
          @dataset-retry=${() => void this._dataset.load()}
        ></dataset-status>
      </section>
      <section aria-labelledby="draw-heading" class="draw">
        <h2 id="draw-heading">Draw a digit</h2>
        <div class="draw-grid">
          <model-picker
            .runs=${this._library.runs}
            .value=${this._drawing.picked}
            @model-pick=${(e: On<'model-pick'>) => void this._drawing.pick(e.detail.runId)}
          ></model-picker>
          <draw-pad @ink=${(e: On<'ink'>) => this._drawing.ink(e.detail)}></draw-pad>
          <digit-prediction .result=${prediction} @want-train=${this._onWantTrain}></digit-prediction>
        </div>
        ${this._drawing.error ? html`<p class="error" role="alert">${this._drawing.error}</p>` : ''}
      </section>
      <section aria-labelledby="personal-heading">
        <h2 id="personal-heading">Teach it your handwriting</h2>
        <personal-set
          .digits=${this._personal.digits}
          ?canLabel=${prediction?.kind === 'prediction'}
          .modelName=${prediction?.kind === 'prediction' ? prediction.model.name : ''}
          ?busy=${running}
          .progress=${this._personal.progress}
          .result=${this._personal.result}
          .imported=${this._personal.imported}
          ?importing=${this._personal.importing}
          .error=${this._personal.error}
          @personal-add=${(e: On<'personal-add'>) => void this._labelDrawing(e.detail.label)}
          @personal-delete=${(e: On<'personal-delete'>) => void this._personal.delete(e.detail.id)}
          @personal-export=${() => void this._personal.download()}
          @personal-import=${(e: On<'personal-import'>) => void this._personal.importFile(e.detail.file)}
          @personal-fine-tune=${() => void this._fineTune()}
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
        ${this._run.tookOver ? html`<p role="status">${this._run.tookOver}</p>` : ''}
        ${
          this._run.resumable && !running && !elsewhere
            ? html`<resume-offer
                .run=${this._run.resumable}
                .fault=${this._run.fault}
                @run-resume=${(e: On<'run-resume'>) => void this._run.resume(e.detail.id, e.detail.backend)}
              ></resume-offer>`
            : ''
        }
        <train-form
          .initial=${this._preview.initial}
          .notes=${this._preview.notes}
          ?running=${running}
          ?ready=${this._dataset.info !== undefined && !elsewhere}
          @config-input=${(e: On<'config-input'>) => this._preview.input(e.detail)}
          @train-request=${(e: On<'train-request'>) => void this._run.train(e.detail)}
          @train-stop=${() => this._run.stop()}
        ></train-form>
        <training-progress .run=${run}></training-progress>
      </section>
      <section aria-labelledby="speed-heading">
        <h2 id="speed-heading">Training speed</h2>
        <backend-speeds
          .measurement=${this._backends.measurement}
          .measuring=${this._backends.measuring}
          .error=${this._backends.error}
          ?busy=${running}
          @measure-request=${() => void this._backends.measure(this._preview.config)}
        ></backend-speeds>
      </section>
      <section aria-labelledby="plots-heading">
        <h2 id="plots-heading">Plots</h2>
        <training-charts
          .history=${run?.history ?? []}
          .batchLoss=${this._run.batchLoss}
          .bestEpoch=${run?.history.at(-1)?.bestEpoch ?? 0}
        ></training-charts>
      </section>
      <section aria-labelledby="evaluation-heading">
        <h2 id="evaluation-heading">Where the model fails</h2>
        <test-evaluation
          .runs=${this._library.runs}
          ?sessionModel=${run?.result !== undefined}
          ?busy=${running}
          .progress=${this._evaluation.progress}
          .report=${this._evaluation.report}
          .error=${this._evaluation.error}
          .wrong=${this._evaluation.wrong}
          .cell=${this._evaluation.cell}
          @evaluate-request=${(e: On<'evaluate-request'>) => void this._evaluation.evaluate(e.detail.runId)}
          @cell-pick=${(e: On<'cell-pick'>) => void this._evaluation.showCell(e.detail.label, e.detail.called)}
        ></test-evaluation>
      </section>
      <section aria-labelledby="augment-heading">
        <h2 id="augment-heading">What the model sees</h2>
        <augment-preview .preview=${this._preview.preview}></augment-preview>
      </section>
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Saved models</h2>
        ${this._library.error ? html`<p class="error" role="alert">${this._library.error}</p>` : ''}
        <model-library
          .runs=${this._library.runs}
          .storage=${this._library.storage}
          .activeRunId=${this._run.activeRunId}
          ?busy=${running}
          @run-resume=${(e: On<'run-resume'>) => void this._run.resume(e.detail.id)}
          @run-rename=${(e: On<'run-rename'>) => void this._library.rename(e.detail.id, e.detail.name)}
          @run-delete=${(e: On<'run-delete'>) => void this._library.delete(e.detail.id)}
          @run-export=${(e: On<'run-export'>) => void this._library.export(e.detail.id)}
        ></model-library>
        <model-import
          ?busy=${this._library.importing}
          .message=${this._library.importMessage}
          ?failed=${this._library.importFailed}
          @model-import=${(e: On<'model-import'>) => void this._library.import(e.detail.files)}
        ></model-import>
      </section>
      <section aria-labelledby="model-heading">
        <h2 id="model-heading">Model</h2>
        <model-summary .summary=${this._dataset.summary}></model-summary>
      </section>
      <p class="version">Version ${__APP_VERSION__}</p>
    `;
  }

  /** The last drawing, as the model received it, into the personal set. */
  private async _labelDrawing(label: number) {
    const prediction = this._drawing.prediction;
    if (prediction?.kind === 'prediction') await this._personal.add(label, prediction.input);
  }

  /** Fine-tunes the model that predicts the drawings; the result is a new saved run. */
  private async _fineTune() {
    const prediction = this._drawing.prediction;
    if (prediction?.kind !== 'prediction') return;
    if (await this._personal.fineTune(prediction.model.runId)) await this._library.refresh();
  }

  private _onWantTrain() {
    const form = this.renderRoot.querySelector('train-form');
    form?.scrollIntoView({ behavior: 'smooth' });
    form?.renderRoot.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mnist-app': MnistApp;
  }
}
