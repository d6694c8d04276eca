// The saved runs: listed, shown, renamed, deleted, and their models as files.
import { transfer } from 'comlink';
import type { RunsService } from '../../protocol/runs.js';
import { runLock } from '../../shared/tab-locks.js';
import { DEFAULT_CONFIG } from '../../shared/train-config.js';
import { compileModel } from '../model/model.js';
import { baseNameOf, exportModel, loadCheckedModel, readModelFiles } from '../model/model-files.js';
import { modelFromKerasFile } from '../keras-h5/keras-import.js';
import { writeKerasFile } from '../keras-h5/write-h5.js';
import { holdingLock } from './locks.js';
import { saveNewRun, savedModel, savedRun } from './saved-models.js';
import { checkpoints, exclusive, session, useAnyBackend, usePredictionBackend } from './trainer-state.js';

export class SavedRuns implements RunsService {
  async list() {
    return (await checkpoints()).list();
  }

  async get(runId: string) {
    const { config, history, state: _state, slot: _slot, bestBytes: _bestBytes, ...summary } = await savedRun(runId);
    return { summary, config, history };
  }

  async rename(runId: string, name: string) {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length < 1 || trimmed.length > 80) {
      throw new Error(`A name needs 1 to 80 characters (got ${trimmed.length}).`);
    }
    return (await checkpoints()).rename(runId, trimmed);
  }

  async delete(runId: string) {
    const training = 'This run is training now (in this tab or another): stop it before deleting it.';
    if (session.activeRunId === runId) throw new Error(training);
    const runs = await checkpoints();
    await holdingLock(runLock(runId), training, () => runs.delete(runId));
  }

  async exportModel(runId: string) {
    await useAnyBackend();
    const { record, saved } = await savedModel(runId);
    try {
      const exported = await exportModel(saved, record.name);
      return transfer(exported, [exported.weights]);
    } finally {
      saved.dispose();
    }
  }

  async exportKerasH5(runId: string) {
    await useAnyBackend();
    const { record, saved } = await savedModel(runId);
    try {
      const bytes = await writeKerasFile(saved);
      // A copy of its own: the buffer a view reads may be larger than the file.
      const exported = { bytes: bytes.slice().buffer, baseName: baseNameOf(record.name) };
      return transfer(exported, [exported.bytes]);
    } finally {
      saved.dispose();
    }
  }

  importModel(files: File[]) {
    return exclusive('An import', async () => {
      if (!Array.isArray(files) || files.length === 0 || files.some((file) => !(file instanceof File))) {
        throw new Error('Choose a model.json and its weights file to import.');
      }
      if (files.length === 1 && files[0].name.toLowerCase().endsWith('.h5')) return importKerasH5(files[0]);
      const artifacts = await readModelFiles(files);
      await usePredictionBackend();
      const imported = await loadCheckedModel(artifacts);
      const json = files.find((file) => file.name.toLowerCase().endsWith('.json'))!;
      try {
        // Compiled as the notebook's, so it saves (and could train) like a run of ours.
        compileModel(imported, DEFAULT_CONFIG.learningRate);
        return await saveNewRun(imported, {
          name: `Imported ${json.name}`,
          config: DEFAULT_CONFIG,
          epochs: 0,
          status: 'imported',
        });
      } finally {
        imported.dispose();
      }
    });
  }
}

/** One Keras .h5: checked whole, then stored with Adam's state as the file has it. */
async function importKerasH5(file: File) {
  await usePredictionBackend();
  const imported = await modelFromKerasFile(file);
  try {
    return await saveNewRun(imported, {
      name: `Imported ${file.name}`,
      config: DEFAULT_CONFIG,
      epochs: 0,
      status: 'imported',
    });
  } finally {
    imported.dispose();
  }
}
