// The workers' starts: what the page says while a worker's script is tried again after
// it could not load (WebKit, while the service worker installs).
import type { ReactiveControllerHost } from 'lit';
import type { PredictorClient } from '../workers/predictor-client.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import type { WorkerStartNotice } from '../workers/worker-start.js';

export class WorkersController {
  /** What the page says while a worker is tried again, one line a worker. */
  private readonly retrying = new Map<string, string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    trainer: TrainerClient,
    predictor: PredictorClient,
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
      case 'failed': // each call says so in its own place (Could not load MNIST, ...)
      case 'started':
        this.retrying.delete(worker);
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
