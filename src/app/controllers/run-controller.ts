// Training in this tab: train, resume and stop; the trainer's events followed into a
// RunState; faults (the worker died, the GPU was lost) and the resume that fits them;
// a run taken over from a tab that closed mid-run; and the sessionStorage keys that
// carry a run across a reload.
import type { ReactiveControllerHost } from 'lit';
import type { RunSummary } from '../../protocol/runs.js';
import type { EpochMetrics, TrainEvent, TrainResult } from '../../protocol/training.js';
import type { BackendChoice, TrainConfig } from '../../shared/train-config.js';
import { isResumable } from '../../shared/runs.js';
import type { LossPoint } from '../elements/training/training-charts.js';
import type { RunState } from '../elements/training/training-progress.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import type { BackendsController } from './backends-controller.js';
import { errorMessage } from '../../shared/error-message.js';
import type { LibraryController } from './library-controller.js';
import { OtherTabs } from './other-tabs.js';
import type { PersonalController } from './personal-controller.js';
import { isFault, isGpuLoss, nextFault, type Fault } from './run-faults.js';

/** The run an update reload interrupted (sessionStorage): resumed when the page is back. */
const RESUME_AFTER_UPDATE = 'mnist-resume-after-update';
/** The run this tab last started (sessionStorage: it outlives a reload, not the tab). */
const TRAINED_IN_THIS_TAB = 'mnist-trained-in-this-tab';

type Start = (onEvent: (event: TrainEvent) => void, signal: AbortSignal) => Promise<TrainResult>;

export class RunController {
  run: RunState | undefined;
  batchLoss: LossPoint[] = [];
  /** The run training in this tab, once its worker has named it. */
  activeRunId = '';
  /** The last run a fault ended (worker died, GPU lost), to offer a resume that fits. */
  fault: Fault | undefined;
  /** Set when this tab took over a run from a tab that closed mid-run. */
  tookOver = '';
  /** Only one tab trains at a time: what the others are doing. */
  readonly otherTabs: OtherTabs;
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
    private readonly library: LibraryController,
    private readonly backends: BackendsController,
    personal: PersonalController,
    /** Nothing is lost if the page reloads now: a checkpoint was just saved, or the run ended. */
    private readonly safeToReload: () => void,
  ) {
    this.otherTabs = new OtherTabs(host, {
      trainingHere: () => this.running || backends.measuring !== undefined || personal.progress !== null,
      runsChanged: () => void library.refresh(),
      // Each save's summary, from any tab (this tab's own too: an older one is ignored).
      runSaved: (run) => library.update(run),
      released: (runId) => void this.takeOver(runId),
    });
  }

  get running(): boolean {
    return this.run !== undefined && this.run.endedAt === undefined;
  }

  /** The run to offer to resume: the one a fault ended, else any cut short. */
  get resumable(): RunSummary | undefined {
    const faulted = this.library.find(this.fault?.runId);
    return faulted && isResumable(faulted) ? faulted : this.library.runs.find(isResumable);
  }

  async train(config: TrainConfig): Promise<void> {
    this.tookOver = '';
    this.library.persist();
    await this.follow([], (onEvent, signal) => this.trainer.training.start(config, onEvent, signal));
  }

  async resume(id: string, backend?: BackendChoice): Promise<void> {
    try {
      const { history } = await this.trainer.runs.get(id);
      await this.follow(history, (onEvent, signal) => this.trainer.training.resume(id, onEvent, backend, signal));
    } catch (error) {
      this.library.say(errorMessage(error));
    }
  }

  /** An imported model trained further with the Train view's settings, as a new run. */
  async trainFurther(id: string, config: TrainConfig | undefined): Promise<void> {
    if (!config) {
      this.library.say("The Train view's settings are not valid: correct them there, then press Resume again.");
      return;
    }
    this.tookOver = '';
    this.library.persist();
    await this.follow([], (onEvent, signal) => this.trainer.training.trainFurther(id, config, onEvent, signal));
  }

  stop(): void {
    this.abort?.abort();
  }

  /** The page reloads for a new version: the run stops and carries on once the page is back. */
  stopForUpdate(): void {
    if (!this.running || !this.activeRunId) return;
    // The reload ends the worker mid-epoch; the checkpoint just saved is where the run
    // carries on once the new version is up.
    sessionStorage.setItem(RESUME_AFTER_UPDATE, this.activeRunId);
    // Stop at the next batch: a fast backend would otherwise save another epoch or two
    // while the new version takes over, and the resume would not start where promised.
    this.abort?.abort();
  }

  /** Carries on the run an update reload stopped (call once the library is listed). */
  resumeAfterUpdate(): void {
    const id = sessionStorage.getItem(RESUME_AFTER_UPDATE);
    if (id === null) return;
    sessionStorage.removeItem(RESUME_AFTER_UPDATE);
    const run = this.library.find(id);
    if (run && isResumable(run)) void this.resume(id);
  }

  /**
   * The tab that trained let go. If it closed mid-run (the run is still marked running
   * and unfinished), this tab carries the run on from its last checkpoint.
   */
  private async takeOver(runId: string | undefined): Promise<void> {
    await this.library.refresh();
    const run = this.library.find(runId);
    if (!run || run.status !== 'running' || !isResumable(run) || this.running) return;
    // This tab's own run, from before a reload (its worker lets go of the lock a moment
    // after the new page looked): offered, as after any reload, not carried on unasked.
    if (sessionStorage.getItem(TRAINED_IN_THIS_TAB) === run.id) return;
    this.tookOver = `Took over "${run.name}" from a tab that closed, at epoch ${run.epoch + 1} of ${run.epochs}.`;
    await this.resume(run.id);
    if (this.run?.error?.startsWith('Another tab of this app is training')) {
      // A third tab took it over first: nothing failed here.
      this.run = undefined;
      this.tookOver = '';
      this.host.requestUpdate();
      void this.otherTabs.check();
    }
  }

  /** Runs a training call, following its events into `run`. */
  private async follow(history: EpochMetrics[], start: Start): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.run = { status: 'running', startedAt: performance.now(), history, checkpointEpoch: history.length };
    this.batchLoss = [];
    this.library.say('');
    const ended = (changes: Partial<RunState>): RunState => ({
      ...(this.run as RunState),
      ...changes,
      endedAt: performance.now(),
    });
    try {
      const result = await start((event) => this.onEvent(event), abort.signal);
      this.run = ended({ status: result.reason, result });
      this.fault = undefined;
    } catch (error) {
      this.run = ended({ status: 'failed', error: errorMessage(error) });
      const begun = this.run.start;
      if (isFault(error) && begun) {
        const failed = { runId: begun.runId, backend: begun.backend.name, message: errorMessage(error) };
        this.fault = nextFault(this.fault, failed, this.backends.measurement);
      }
      // A lost device cannot be used again by that worker: the next call starts a new one.
      if (isGpuLoss(error)) this.trainer.terminate();
    }
    this.activeRunId = '';
    this.host.requestUpdate();
    await this.library.refresh();
    this.safeToReload();
  }

  private onEvent(event: TrainEvent): void {
    const run = this.run;
    if (!run) return;
    switch (event.type) {
      case 'measuring':
        this.backends.follow(event);
        this.run = { ...run, measuring: event };
        break;
      case 'measured':
        this.backends.follow(event);
        this.run = { ...run, measuring: undefined };
        break;
      case 'start':
        this.run = { ...run, start: event };
        this.activeRunId = event.runId;
        sessionStorage.setItem(TRAINED_IN_THIS_TAB, event.runId);
        break;
      case 'batch':
        this.run = { ...run, status: 'running', batch: event };
        this.batchLoss = thinned([...this.batchLoss, { step: event.step, loss: event.smoothedLoss }]);
        break;
      case 'validate':
        this.run = { ...run, status: 'validating' };
        break;
      case 'recalibrating':
        this.run = { ...run, status: 'recalibrating', recalibrating: event };
        break;
      case 'saving':
        break;
      case 'saved':
        this.run = { ...run, saved: event, checkpointEpoch: event.epoch };
        // The list shows the new checkpoint from the summary it carries; no list is read.
        this.library.update(event.run);
        void this.library.refreshStorage();
        // A run's last checkpoint is not its end: the test images are scored after it, and
        // a reload then would lose that score. A waiting update applies when the run ends.
        if (event.run.status === 'running') this.safeToReload();
        break;
      case 'epoch': {
        const { type: _type, ...metrics } = event;
        this.run = { ...run, status: 'running', history: [...run.history, metrics] };
        break;
      }
    }
    this.host.requestUpdate();
  }
}

/** Keeps a long run's loss curve to a few thousand points: every other one once it grows past that. */
function thinned(points: LossPoint[]): LossPoint[] {
  return points.length > 4000 ? points.filter((_, i) => i % 2 === 0 || i === points.length - 1) : points;
}
