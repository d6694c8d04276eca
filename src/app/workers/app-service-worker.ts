// The page's side of the service worker (workbox-window): registration, whether the app
// is stored for offline use, and new versions, which wait until the user applies them.
// workbox-window is imported at registration, after the first view is up.
import type { Workbox } from 'workbox-window';
import type { VersionRequest } from '../../protocol/sw-messages.js';
import { errorMessage } from '../../shared/error-message.js';

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
/** A waiting worker that does not say its version within this is shown without one. */
const VERSION_REPLY_MS = 3000;

export class AppServiceWorker {
  private workbox?: Workbox;
  private messageSW?: typeof import('workbox-window').messageSW;
  private applying = false;
  private watching = false;

  constructor(
    private readonly scriptUrl: string,
    private readonly events: ServiceWorkerEvents,
  ) {}

  /** Registers; once it has succeeded, later calls do nothing, after a failure they try again. */
  async register(): Promise<void> {
    if (this.workbox) return;
    if (!('serviceWorker' in navigator)) {
      this.events.failed('this browser has no service workers (or blocks them here)');
      return;
    }
    let library: typeof import('workbox-window');
    try {
      library = await import('workbox-window');
    } catch (error) {
      this.events.failed(`its script could not load (${errorMessage(error)})`);
      return;
    }
    if (this.workbox) return; // another call registered meanwhile
    const workbox = new library.Workbox(this.scriptUrl);
    this.workbox = workbox;
    this.messageSW = library.messageSW;
    this.watch(navigator.serviceWorker);
    workbox.addEventListener('waiting', (event) => {
      if (event.sw) void this.announce(event.sw);
    });
    try {
      await workbox.register({ immediate: true });
    } catch (error) {
      this.workbox = undefined;
      this.events.failed(errorMessage(error));
      return;
    }
    if (navigator.serviceWorker.controller) this.events.offlineReady();
  }

  /** Follows changes of controller, and looks for new versions hourly and when the network is back. */
  private watch(container: ServiceWorkerContainer): void {
    if (this.watching) return;
    this.watching = true;
    let hadController = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      if (this.applying) location.reload();
      else if (hadController) this.events.updatedElsewhere();
      else this.events.offlineReady(); // the first install claimed this page
      hadController = true;
    });
    setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_MS);
    window.addEventListener('online', () => void this.checkForUpdate());
  }

  /** Tells of a waiting version, with its version number when it answers in time. */
  private async announce(waiting: ServiceWorker): Promise<void> {
    const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, VERSION_REPLY_MS));
    const reply: Promise<unknown> =
      this.messageSW?.(waiting, { type: 'GET_VERSION' } satisfies VersionRequest) ?? Promise.resolve(undefined);
    const version = await Promise.race([reply.catch(() => undefined), timeout]);
    this.events.updateWaiting(typeof version === 'string' ? version : undefined);
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
