// The personal set's state and its calls to the trainer worker, kept out of <mnist-app>
// (the host), which it asks to render again when the state changes.
import type { ReactiveControllerHost } from 'lit';
import type {
  FineTuneProgress,
  FineTuneResult,
  PersonalDigit,
  PersonalImport,
} from '../../protocol/personal-digits.js';
import { saveFile } from '../elements/save-file.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import { errorMessage } from '../../shared/error-message.js';

export class PersonalController {
  digits: PersonalDigit[] = [];
  progress: FineTuneProgress | null = null;
  result: FineTuneResult | null = null;
  /** What the last import added and skipped; null when none, or when it failed. */
  imported: PersonalImport | null = null;
  importing = false;
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
  ) {}

  async refresh(): Promise<void> {
    await this.attempt('Could not read your digits', async () => {
      this.digits = await this.trainer.personal.list();
    });
  }

  async add(label: number, pixels: Uint8Array): Promise<void> {
    await this.attempt('Could not keep the digit', async () => {
      await this.trainer.personal.add(label, pixels);
      this.digits = await this.trainer.personal.list();
    });
  }

  async delete(id: string): Promise<void> {
    await this.attempt('Could not delete the digit', async () => {
      await this.trainer.personal.delete(id);
      this.digits = await this.trainer.personal.list();
    });
  }

  /** Saves the set as a JSON file, to import on another device. */
  async download(): Promise<void> {
    await this.attempt('Could not export your digits', async () => {
      const text = await this.trainer.personal.exportJson();
      saveFile('my-digits.json', new Blob([text], { type: 'application/json' }));
    });
  }

  /** Another device's set from its JSON file; the worker checks it all before it adds any. */
  async importFile(file: File): Promise<void> {
    this.imported = null;
    this.importing = true;
    await this.attempt('Nothing was imported', async () => {
      this.imported = await this.trainer.personal.importFile(file);
      this.digits = await this.trainer.personal.list();
    });
    this.importing = false;
    this.host.requestUpdate();
  }

  /** Resolves true once a fine-tuned model is saved. */
  async fineTune(runId: string): Promise<boolean> {
    this.result = null;
    this.progress = { epoch: 1, epochs: 1, batch: 0, batchesPerEpoch: 1 };
    const done = await this.attempt('Could not fine-tune', async () => {
      this.result = await this.trainer.personal.fineTune(runId, (progress) => {
        this.progress = progress;
        this.host.requestUpdate();
      });
    });
    this.progress = null;
    this.host.requestUpdate();
    return done;
  }

  private async attempt(what: string, body: () => Promise<void>): Promise<boolean> {
    this.error = '';
    this.host.requestUpdate();
    try {
      await body();
      return true;
    } catch (error) {
      this.error = `${what}: ${errorMessage(error)}`;
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }
}
