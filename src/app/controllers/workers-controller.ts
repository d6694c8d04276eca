// The workers' starts: what the page says while a worker's script is tried again after
// it could not load (WebKit, while the service worker installs), and a notice once the
// trainer starts after a start that failed, so that what failed with it is read again.
import type { ReactiveControllerHost } from 'lit';
import type { PredictorClient } from '../workers/predictor-client.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import type { WorkerStartNotice } from '../workers/worker-start.js';

export class WorkersController {
  /** What the page says while a worker is tried again, one line a worker. */
  private readonly retrying = new Map<string, string>();
  /** Workers whose last start failed. */
  private readonly failed = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    trainer: TrainerClient,
    predictor: PredictorClient,
    /** The trainer started after a start that failed: the page's reads failed with it. */
    private readonly trainerBack: () => void,
  ) {
    trainer.onStart((notice) => this.follow(notice));
    predictor.onStart((notice) => this.follow(notice));
  }

  get notices(): string[] {
    return [...this.retrying.values()];
  }

  private follow(notice: WorkerStartNotice): void {
    const { worker } = notice;
    switch (notice.state) {
      case 'retrying':
        this.retrying.set(worker, retryText(notice));
        break;
      case 'failed':
        // Each call says so in its own place (Could not load MNIST, ...).
        this.retrying.delete(worker);
        this.failed.add(worker);
        break;
      case 'started':
        this.retrying.delete(worker);
        if (this.failed.delete(worker) && worker === 'trainer') this.trainerBack();
        break;
    }
    this.host.requestUpdate();
  }
}

function retryText(notice: Extract<WorkerStartNotice, { state: 'retrying' }>): string {
  const { worker, reason, attempt, attempts } = notice;
  const tries = `(${attempt} of ${attempts})…`;
  return notice.serviceWorkerInstalling
    ? `The ${worker} worker's script ${reason} while the app was being stored for offline use; trying again once it is stored ${tries}`
    : `The ${worker} worker's script ${reason}; trying again ${tries}`;
}
