// Files handed to the installed app from outside the page: opened with it (the manifest's
// file_handlers, through launchQueue, desktop Chromium) or shared to it (its share_target:
// the service worker keeps the files and sends the page `?shared=<id>`). Both end in the
// picker's import, LibraryController.import, and show its result in the Models view.
import type { ReactiveControllerHost } from 'lit';
import { SHARED_ID, SHARED_PARAM } from '../../protocol/shared-files.js';
import { errorMessage } from '../../shared/error-message.js';
import { deleteSharedFiles, readSharedFiles } from '../workers/shared-files.js';
import type { LibraryController } from './library-controller.js';
import type { ViewController } from './view-controller.js';

/** Chromium's File Handling API: not in TypeScript's DOM library yet. */
interface LaunchParams {
  readonly files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

export class FileLaunchController {
  /** The share's one-time id from the URL, taken out of it at once (the form reads the query as settings). */
  private readonly sharedId: string | null;

  constructor(
    host: ReactiveControllerHost,
    private readonly library: LibraryController,
    private readonly views: ViewController,
  ) {
    const params = new URLSearchParams(location.search);
    this.sharedId = params.get(SHARED_PARAM);
    if (this.sharedId !== null) {
      params.delete(SHARED_PARAM);
      const query = params.size > 0 ? `?${params}` : '';
      history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
    }
    host.addController(this);
  }

  hostConnected(): void {
    // Launches wait in the queue until a consumer is set, so setting it at start loses none.
    const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
    queue?.setConsumer((params) => void this.importLaunched(params));
  }

  /** The files of a share, once the page can import (called at the page's start). */
  async importShared(): Promise<void> {
    const id = this.sharedId;
    if (id === null) return;
    this.views.go('models');
    if (!SHARED_ID.test(id)) {
      this.library.refuseImport(`the link's shared files ("${id}") are not a share this app received.`);
      return;
    }
    if (!('caches' in window)) {
      this.library.refuseImport('this browser keeps no shared files for the page (no Cache Storage).');
      return;
    }
    const scope = new URL('./', location.href).href;
    try {
      const files = await readSharedFiles(id, scope);
      if (files.length === 0) {
        this.library.refuseImport('no shared file was found: none came with the share, or it was imported already.');
        return;
      }
      await this.library.import(files);
    } catch (error) {
      this.library.refuseImport(`the shared files could not be read: ${errorMessage(error)}`);
    } finally {
      await deleteSharedFiles(id, scope).catch(() => undefined);
    }
  }

  private async importLaunched({ files: handles }: LaunchParams): Promise<void> {
    if (handles.length === 0) return; // the app was started, not opened with files
    this.views.go('models');
    try {
      await this.library.import(await Promise.all(handles.map((handle) => handle.getFile())));
    } catch (error) {
      this.library.refuseImport(`the files opened with the app could not be read: ${errorMessage(error)}`);
    }
  }
}
