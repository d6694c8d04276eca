// The page's side of the service worker (workbox-window): registration, whether the app
// is stored for offline use, and new versions, which wait until the user applies them.
import { messageSW, Workbox } from 'workbox-window';
import type { VersionRequest } from '../shared/sw-messages.js';

export interface ServiceWorkerEvents {
  /** The app is stored on the device and this page is served from it. */
  offlineReady(): void;
  /** A new version is installed and waiting; its version when it said. */
  updateWaiting(version: string | undefined): void;
  /** Another tab applied a new version: this page runs the old code under the new worker. */
  updatedElsewhere(): void;
  /** Registration failed (no service workers in this browser, a private window, a bad script). */
  failed(reason: string): void;
}

/** How often a long-open page asks the server for a new version while online. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export class AppServiceWorker {
  private workbox?: Workbox;
  private applying = false;
  private registered = false;

  constructor(
    private readonly scriptUrl: string,
    private readonly events: ServiceWorkerEvents,
  ) {}

  /** Registers once; later calls do nothing. */
  async register(): Promise<void> {
    if (this.registered) return;
    this.registered = true;
    if (!('serviceWorker' in navigator)) {
      this.events.failed('this browser has no service workers (or blocks them here)');
      return;
    }
    const container = navigator.serviceWorker;
    let hadController = container.controller !== null;
    const workbox = new Workbox(this.scriptUrl);
    this.workbox = workbox;
    workbox.addEventListener('waiting', (event) => {
      messageSW(event.sw!, { type: 'GET_VERSION' } satisfies VersionRequest).then(
        (version) => this.events.updateWaiting(typeof version === 'string' ? version : undefined),
        () => this.events.updateWaiting(undefined),
      );
    });
    container.addEventListener('controllerchange', () => {
      if (this.applying) location.reload();
      else if (hadController) this.events.updatedElsewhere();
      else this.events.offlineReady(); // the first install claimed this page
      hadController = true;
    });
    try {
      await workbox.register({ immediate: true });
    } catch (error) {
      this.events.failed(error instanceof Error ? error.message : String(error));
      return;
    }
    if (container.controller) this.events.offlineReady();
    setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_MS);
    window.addEventListener('online', () => void this.checkForUpdate());
  }

  /** Asks the server whether there is a new version (only online; offline it cannot tell). */
  async checkForUpdate(): Promise<void> {
    if (!navigator.onLine) return;
    await this.workbox?.update().catch(() => undefined); // a failed check is retried later
  }

  /**
   * Switches to the waiting version and reloads once it controls the page; with none
   * waiting (another tab switched already), just reloads. Call only when nothing is lost.
   */
  apply(): void {
    this.applying = true;
    navigator.serviceWorker.getRegistration().then(
      (registration) => {
        if (registration?.waiting) this.workbox?.messageSkipWaiting();
        else location.reload();
      },
      () => location.reload(),
    );
  }
}
