// The app as installed: whether it is stored for offline use, whether the network is
// there (MNIST's download retried when it is back), and new versions, applied when the
// user asks; during a run, once its checkpoint is saved, and the run resumed after.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UpdateState } from '../elements/status/update-banner.js';
import { AppServiceWorker } from '../workers/app-service-worker.js';
import type { DatasetController } from './dataset-controller.js';
import type { RunController } from './run-controller.js';

export class UpdateController implements ReactiveController {
  online = navigator.onLine;
  /** The app is stored on this device and served from it. */
  stored = false;
  /** Why the app cannot be stored for offline use, if it cannot. */
  unavailable = '';
  state: UpdateState = 'none';
  version: string | undefined;

  private readonly serviceWorker = new AppServiceWorker('sw.js', {
    offlineReady: () => {
      this.stored = true;
      this.unavailable = '';
      this.host.requestUpdate();
    },
    updateWaiting: (version) => {
      this.version = version;
      if (this.state === 'none') this.state = 'available';
      this.host.requestUpdate();
    },
    updatedElsewhere: () => {
      if (this.state !== 'applying') this.state = 'elsewhere';
      this.host.requestUpdate();
    },
    failed: (reason) => {
      this.unavailable = reason;
      this.host.requestUpdate();
    },
  });

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly dataset: DatasetController,
    private readonly run: RunController,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
  }

  /** Registers the service worker (again, after a failure). */
  register(): Promise<void> {
    return this.serviceWorker.register();
  }

  /** The user asked for the new version: now, or during a run once this epoch's checkpoint is saved. */
  request(): void {
    if (this.run.running) {
      this.state = 'deferred';
      this.host.requestUpdate();
    } else this.apply();
  }

  /** Nothing is lost by a reload now: applies the version the user asked for during a run. */
  applyIfDeferred(): void {
    if (this.state === 'deferred') this.apply();
  }

  private apply(): void {
    this.run.stopForUpdate();
    this.state = 'applying';
    this.host.requestUpdate();
    this.serviceWorker.apply();
  }

  private readonly onOnline = () => {
    this.online = true;
    this.host.requestUpdate();
    if (this.dataset.error) void this.dataset.load().then(() => this.register());
  };

  private readonly onOffline = () => {
    this.online = false;
    this.host.requestUpdate();
  };
}
