// The personal set: digits the user labelled, their JSON file, and fine-tuning on them.
import type { FineTuneProgress, PersonalDigitsService } from '../../protocol/personal-digits.js';
import { DEFAULT_CONFIG } from '../../shared/train-config.js';
import { personalJson, readPersonalSetFile } from '../storage/personal-digits.js';
import { FINE_TUNE_EPOCHS, fineTuneModel } from '../training/fine-tune.js';
import { saveNewRun, savedModel } from './saved-models.js';
import { exclusive, mnist, oneTabAtATime, personalSet, usePredictionBackend } from './trainer-state.js';

export class PersonalDigits implements PersonalDigitsService {
  async add(label: number, pixels: Uint8Array) {
    return (await personalSet()).add(label, pixels);
  }

  async list() {
    return (await personalSet()).list();
  }

  async delete(id: string) {
    await (await personalSet()).delete(id);
  }

  async exportJson() {
    return personalJson(await (await personalSet()).list());
  }

  async importFile(file: File) {
    const digits = await readPersonalSetFile(file);
    return (await personalSet()).import(digits);
  }

  fineTune(runId: string, onProgress?: (progress: FineTuneProgress) => void) {
    return exclusive('Fine-tuning', () =>
      oneTabAtATime(async () => {
        const started = performance.now();
        const [data, digits] = await Promise.all([mnist(), (await personalSet()).list()]);
        await usePredictionBackend();
        const { record, saved } = await savedModel(runId);
        try {
          const config = record.status === 'imported' ? DEFAULT_CONFIG : { ...DEFAULT_CONFIG, ...record.config };
          const scores = await fineTuneModel(saved, data.train, digits, config, onProgress);
          const run = await saveNewRun(saved, {
            name: `Fine-tuned ${record.name}`,
            config,
            epochs: FINE_TUNE_EPOCHS,
            status: 'completed',
          });
          return { run, ...scores, millis: Math.round(performance.now() - started) };
        } finally {
          saved.dispose();
        }
      }),
    );
  }
}
