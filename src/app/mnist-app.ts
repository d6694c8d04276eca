// The page: creates the worker clients and one controller per concern, and lays out the
// views (src/app/views/), which bind the controllers' state to the elements' properties and
// the elements' events to their methods. Only controllers talk to workers; each owns its
// state and its error text. Who is given whom (constructors):
//   update → run → library → drawing;  update → mnist (the dataset's controller);
//   run → backends, personal;  preview → mnist;  evaluation, personal: the trainer only;
//   workers: both clients;  views: a callback that loads a view's elements;
//   launches (files opened with or shared to the app) → library, views.
// Notices the other way are callbacks wired here: MNIST loaded → preview; a checkpoint
// saved or a run ended → update; the trainer started after failing to → the first reads.
import { LitElement, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { BackendsController } from './controllers/backends-controller.js';
import { DatasetController } from './controllers/dataset-controller.js';
import { DrawingController } from './controllers/drawing-controller.js';
import { PhotoController } from './controllers/photo-controller.js';
import { EvaluationController } from './controllers/evaluation-controller.js';
import { FileLaunchController } from './controllers/file-launch-controller.js';
import { InstallController } from './controllers/install-controller.js';
import { LibraryController } from './controllers/library-controller.js';
import { PersonalController } from './controllers/personal-controller.js';
import { PreviewController } from './controllers/preview-controller.js';
import { RunController } from './controllers/run-controller.js';
import { UpdateController } from './controllers/update-controller.js';
import { ViewController } from './controllers/view-controller.js';
import { WorkersController } from './controllers/workers-controller.js';
import { styles } from './mnist-app.styles.js';
import './elements/shell/index.js';
import './elements/status/index.js';
import type { AppParts } from './views/app-parts.js';
import { drawView } from './views/draw-view.js';
import { evaluateView } from './views/evaluate-view.js';
import { loadView } from './views/load-view.js';
import { modelsView } from './views/models-view.js';
import { trainView } from './views/train-view.js';
import { VIEWS, type View } from './views/view-names.js';
import { PredictorClient } from './workers/predictor-client.js';
import { TrainerClient } from './workers/trainer-client.js';

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
  readonly photo = new PhotoController(this, this.predictor);
  readonly library = new LibraryController(this, this.trainer, this.drawing);
  // Before the preview's: it takes its one-time id out of the query the form reads.
  private readonly launches = new FileLaunchController(this, this.library, this.views);
  readonly mnist = new DatasetController(this, this.trainer, () => void this.preview.refresh());
  readonly preview = new PreviewController(this, this.trainer, this.mnist);
  readonly run = new RunController(this, this.trainer, this.library, this.backends, this.personal, () =>
    this.updates.applyIfDeferred(),
  );
  private readonly updates = new UpdateController(this, this.mnist, this.run);
  private readonly workers = new WorkersController(this, this.trainer, this.predictor, () => this.readAgain());
  // From the start: the browser's install offer may come before the Models view loads.
  readonly install = new InstallController(this);

  override connectedCallback() {
    super.connectedCallback();
    void this.start();
  }

  /**
   * Starts the workers and asks them what the page shows once the first view is on screen:
   * the trainer's start (parsing tfjs, then MNIST) would otherwise compete for the cores
   * with the page's own first work, and stretch it.
   */
  private async start() {
    await this.views.firstShown;
    await this.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    if (!this.isConnected) return;
    // Registered once MNIST is in: on a first visit the dataset download then has the
    // network to itself, and the precache fills afterwards.
    void this.mnist.load().then(() => this.updates.register());
    void this.library.refresh().then(() => this.run.resumeAfterUpdate());
    void this.launches.importShared();
    void this.personal.refresh();
    void this.backends.read();
  }

  /** The trainer started after a start that failed: what the page could not read then, again. */
  private readAgain() {
    if (this.mnist.error) void this.mnist.load();
    void this.library.refresh();
    void this.personal.refresh();
    void this.backends.read();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.trainer.terminate();
    this.predictor.terminate();
  }

  // The first render in a task of its own, after the one that evaluated the page's script:
  // two short tasks instead of one long one while the page loads.
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await new Promise((resolve) => setTimeout(resolve));
    await super.scheduleUpdate();
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
          ${this.workers.notices.map((notice) => html`<p role="status">${notice}</p>`)}
          ${this.views.error ? html`<p class="error" role="alert">${this.views.error}</p>` : ''}
        </div>
        <app-nav .current=${this.views.view} ?training=${this.run.running}></app-nav>
      </div>
      <div class="views" data-count=${shown.length}>
        ${VIEWS.filter((view) => this.views.loaded.has(view)).map(
          (view) =>
            html`<div class="view" id="${view}-view" ?hidden=${!shown.includes(view)}>${TEMPLATES[view](this)}</div>`,
        )}
      </div>
      <p class="version">Version ${__APP_VERSION__}</p>
    `;
  }

  /** Loads a view's elements, and the data only it shows. */
  private load(view: View): Promise<unknown> {
    // The layers' summary builds a model in the worker: only for the view that shows it.
    if (view === 'models') void this.mnist.describeModel();
    return loadView(view);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mnist-app': MnistApp;
  }
}
