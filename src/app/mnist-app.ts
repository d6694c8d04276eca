// The page: creates the worker clients and one controller per concern, and lays out the
// views (src/app/views/), which bind the controllers' state to the elements' properties and
// the elements' events to their methods. Only controllers talk to workers; each owns its
// state and its error text. Who is given whom (constructors):
//   update → run → library → drawing;  update → dataset;  run → backends, personal;
//   preview → dataset;  evaluation, personal: the trainer only.
// Notices the other way are callbacks wired here: MNIST loaded → preview; a checkpoint
// saved or a run ended → update.
import { LitElement, html, type TemplateResult } from 'lit';
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
import { ViewController } from './controllers/view-controller.js';
import { styles } from './mnist-app.styles.js';
import './elements/shell/index.js';
import './elements/status/index.js';
import type { AppParts } from './views/app-parts.js';
import { drawView } from './views/draw-view.js';
import { evaluateView } from './views/evaluate-view.js';
import { loadView } from './views/load-view.js';
import { modelsView } from './views/models-view.js';
import { trainView } from './views/train-view.js';
import { VIEWS, VIEW_LABELS, type View } from './views/view-names.js';
import { PredictorClient } from './workers/predictor-client.js';
import { TrainerClient } from './workers/trainer-client.js';
import { errorMessage } from '../shared/error-message.js';

declare const __APP_VERSION__: string;

const TEMPLATES: Readonly<Record<View, (app: AppParts) => TemplateResult>> = {
  draw: drawView,
  train: trainView,
  models: modelsView,
  evaluate: evaluateView,
};

@customElement('mnist-app')
export class MnistApp extends LitElement implements AppParts {
  static override styles = styles;

  private readonly trainer = new TrainerClient();
  private readonly predictor = new PredictorClient();
  readonly views = new ViewController(this, (view) => this.load(view));
  readonly evaluation = new EvaluationController(this, this.trainer);
  readonly personal = new PersonalController(this, this.trainer);
  readonly backends = new BackendsController(this, this.trainer);
  readonly drawing = new DrawingController(this, this.predictor);
  readonly library = new LibraryController(this, this.trainer, this.drawing);
  readonly mnist = new DatasetController(this, this.trainer, () => void this.preview.refresh());
  readonly preview = new PreviewController(this, this.trainer, this.mnist);
  readonly run = new RunController(this, this.trainer, this.library, this.backends, this.personal, () =>
    this.updates.applyIfDeferred(),
  );
  private readonly updates = new UpdateController(this, this.mnist, this.run);
  private loadError = '';

  override connectedCallback() {
    super.connectedCallback();
    // Registered once MNIST is in: on a first visit the dataset download then has the
    // network to itself, and the precache fills afterwards.
    void this.mnist.load().then(() => this.updates.register());
    void this.library.refresh().then(() => this.run.resumeAfterUpdate());
    void this.personal.refresh();
    void this.backends.read();
    void this.mnist.describeModel();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.trainer.terminate();
    this.predictor.terminate();
  }

  override render() {
    const shown = this.views.shown;
    return html`
      <div class="top">
        <div class="app-status">
          <network-status
            .online=${this.updates.online}
            .stored=${this.updates.stored}
            .unavailable=${this.updates.unavailable}
          ></network-status>
          <update-banner
            .state=${this.updates.state}
            .version=${this.updates.version}
            .training=${this.run.running}
            .epoch=${(this.run.run?.checkpointEpoch ?? 0) + 1}
            @update-request=${() => this.updates.request()}
          ></update-banner>
          ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : ''}
        </div>
        <app-nav .current=${this.views.view} ?training=${this.run.running}></app-nav>
      </div>
      <div class="views" data-count=${shown.length}>
        ${VIEWS.filter((view) => this.views.opened.has(view)).map(
          (view) =>
            html`<div class="view" id="${view}-view" ?hidden=${!shown.includes(view)}>${TEMPLATES[view](this)}</div>`,
        )}
      </div>
      <p class="version">Version ${__APP_VERSION__}</p>
    `;
  }

  /** Loads a view's elements; a failure (a file missing from an old cache) says which view. */
  private load(view: View) {
    loadView(view).catch((error: unknown) => {
      this.loadError = `The ${VIEW_LABELS[view]} view could not load (${errorMessage(error)}). Reload the page to try again.`;
      this.requestUpdate();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mnist-app': MnistApp;
  }
}
