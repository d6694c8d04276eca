// The saved runs: the list, the storage it takes and whether the browser keeps it;
// rename, delete, export (TensorFlow.js files, or Keras .h5 downloaded or shared) and
// import, and their messages above and below the list.
import type { ReactiveControllerHost } from 'lit';
import type { RunSummary } from '../../protocol/runs.js';
import type { Persistence, StorageStatus } from '../elements/models/model-library.js';
import { download, installedOnIos, saveFiles } from '../elements/save-file.js';
import { deliveryOf, shareFiles, sharesFiles } from '../elements/share-file.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import type { DrawingController } from './drawing-controller.js';
import { errorMessage } from '../../shared/error-message.js';
import { withRun } from '../../shared/runs.js';

/** The notebook's file name: the FastAPI service loads `mnist_cnn_model.h5`. */
export const NOTEBOOK_H5 = 'mnist_cnn_model.h5';
const H5_TYPE = 'application/x-hdf5';

export class LibraryController {
  runs: RunSummary[] = [];
  /** True once the runs were listed: until then an empty list says nothing. */
  listed = false;
  storage: StorageStatus | undefined;
  /** What went wrong with a saved run (listing, resuming, renaming, deleting, exporting). */
  error = '';
  importing = false;
  importMessage = '';
  importFailed = false;
  /** What an .h5 export or share did, when the page must say it ('' clears it). */
  notice = '';
  /** Whether .h5 files take the run's name; by default the notebook's. */
  h5NamedAfterRun = false;
  /** Whether this browser's share sheet takes an .h5 file: the rows offer Share only then. */
  readonly sharesH5 = sharesFiles([new File([], NOTEBOOK_H5, { type: H5_TYPE })]);
  /** An .h5 whose share the browser refused for want of a press: the next Share of that run sends it at once. */
  private readyToShare: { id: string; file: File } | undefined;
  /** navigator.storage.persist() has not answered yet. */
  private asking = false;
  /** The error the last list left, cleared by the next list that works. */
  private listError = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
    private readonly drawing: DrawingController,
  ) {}

  find(id: string | undefined): RunSummary | undefined {
    return this.runs.find((run) => run.id === id);
  }

  /** Lists the runs again, and the storage they take. */
  async refresh(): Promise<void> {
    try {
      this.runs = await this.trainer.runs.list();
      this.listed = true;
      // Only the list's own error: a rename's or a delete's is read after this list.
      if (this.listError && this.error === this.listError) this.error = '';
      this.listError = '';
      await this.refreshStorage();
    } catch (error) {
      this.error = this.listError = `Could not list the saved models: ${errorMessage(error)}`;
    }
    this.host.requestUpdate();
  }

  /** One run's new summary (a save, a rename, a stop, in any tab): no need to list again. */
  update(run: RunSummary): void {
    this.runs = withRun(this.runs, run);
    this.host.requestUpdate();
  }

  /** The storage the runs take, and whether the browser keeps it. */
  async refreshStorage(): Promise<void> {
    const [used, persisted] = await Promise.all([estimate(), persistedNow()]);
    // persisted() says false while the browser's prompt waits: say that it waits.
    this.storage = { ...used, persistence: this.asking ? 'asking' : persisted };
    this.host.requestUpdate();
  }

  /**
   * Asks, before the first checkpoint, that the browser keep this site's storage. Firefox
   * asks its user first, and the promise waits for an answer that may never come: the
   * run does not wait for it, and `storage` says what was granted once it is known.
   */
  persist(): void {
    if (this.asking || this.storage?.persistence === 'granted' || !navigator.storage?.persist) return;
    this.asking = true;
    this.storage = { ...this.storage, persistence: 'asking' };
    this.host.requestUpdate();
    void navigator.storage
      .persist()
      .catch(() => false)
      .finally(() => {
        this.asking = false;
        void this.refreshStorage();
      });
  }

  /** Shows `text` above the list ('' clears it): also what another controller could not do with a saved run. */
  say(text: string): void {
    this.error = text;
    this.host.requestUpdate();
  }

  async rename(id: string, name: string): Promise<void> {
    try {
      await this.trainer.runs.rename(id, name);
      this.say('');
    } catch (error) {
      this.say(errorMessage(error));
    }
    await this.refresh();
  }

  async delete(id: string): Promise<void> {
    try {
      await this.trainer.runs.delete(id);
      this.say('');
      // Its checkpoint is gone: drawings go to the newest one again.
      await this.drawing.forget(id);
    } catch (error) {
      this.say(errorMessage(error));
    }
    await this.refresh();
  }

  /** The worker makes the files; the page saves them (a worker cannot download). */
  async export(id: string): Promise<void> {
    try {
      const { modelJson, weights, baseName } = await this.trainer.runs.exportModel(id);
      await saveFiles([
        new File([modelJson], `${baseName}.json`, { type: 'application/json' }),
        new File([weights], `${baseName}.weights.bin`, { type: 'application/octet-stream' }),
      ]);
      this.say('');
    } catch (error) {
      this.say(`Could not export: ${errorMessage(error)}`);
    }
  }

  /** The .h5 files' names: the notebook's, or `${baseName}.h5`. */
  nameH5AfterRun(afterRun: boolean): void {
    this.h5NamedAfterRun = afterRun;
    this.readyToShare = undefined; // made under the other name
    this.host.requestUpdate();
  }

  /** Saves the run's model as Keras .h5: downloaded, or through the share sheet in an installed iOS app. */
  exportH5(id: string): Promise<void> {
    return this.deliverH5(id, 'save');
  }

  /** Shares the run's model as Keras .h5 (another device by AirDrop, Nearby Share, messages). */
  shareH5(id: string): Promise<void> {
    return this.deliverH5(id, 'share');
  }

  private async deliverH5(id: string, asked: 'save' | 'share'): Promise<void> {
    // Fetched after a refusal: shared now, synchronously in this press's activation.
    const ready = this.readyToShare?.id === id ? this.readyToShare.file : undefined;
    this.readyToShare = undefined;
    try {
      const file = ready ?? (await this.h5File(id));
      const how = deliveryOf(asked, this.sharesH5 && sharesFiles([file]), installedOnIos());
      let notice = '';
      if (how === 'download') {
        download(file);
        if (asked === 'share') notice = `This browser cannot share ${file.name}: it was downloaded instead.`;
      } else if ((await shareFiles([file])) === 'needs-a-press') {
        // navigator.share needs a press it can still see; the worker's answer came after it ran out.
        this.readyToShare = { id, file };
        notice = `${file.name} is ready: press ${asked === 'share' ? 'Share' : 'Export .h5'} again to open the share sheet.`;
      }
      this.notice = notice;
      this.say('');
    } catch (error) {
      this.notice = '';
      this.say(`Could not ${asked === 'share' ? 'share' : 'export'} the .h5: ${errorMessage(error)}`);
    }
  }

  private async h5File(id: string): Promise<File> {
    const { bytes, baseName } = await this.trainer.runs.exportKerasH5(id);
    return new File([bytes], this.h5NamedAfterRun ? `${baseName}.h5` : NOTEBOOK_H5, { type: H5_TYPE });
  }

  /** Files that could not even reach the import (a share whose files are gone): said where an import's result shows. */
  refuseImport(why: string): void {
    this.importMessage = `Nothing was imported: ${why}`;
    this.importFailed = true;
    this.host.requestUpdate();
  }

  /** The one import of model files: the picker, a drop, a file opened with the app, a file shared to it. */
  async import(files: File[]): Promise<void> {
    this.importing = true;
    this.importMessage = '';
    this.host.requestUpdate();
    try {
      const run = await this.trainer.runs.importModel(files);
      this.importMessage = `Imported as "${run.name}": in Saved models, to evaluate or to draw with.`;
      this.importFailed = false;
    } catch (error) {
      this.importMessage = `Nothing was imported: ${errorMessage(error)}`;
      this.importFailed = true;
    } finally {
      this.importing = false;
    }
    await this.refresh();
  }
}

/** WebKitGTK as Debian ships it has no `navigator.storage`; Safari before 17 no estimate(). */
async function estimate(): Promise<{ usage?: number; quota?: number }> {
  if (!navigator.storage?.estimate) return {};
  const empty: StorageEstimate = {};
  const { usage = 0, quota = 0 } = await navigator.storage.estimate().catch(() => empty);
  return { usage, quota };
}

async function persistedNow(): Promise<Persistence> {
  if (!navigator.storage?.persisted) return 'unavailable';
  return (await navigator.storage.persisted().catch(() => false)) ? 'granted' : 'not granted';
}
