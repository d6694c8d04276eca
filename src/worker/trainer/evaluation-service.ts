// A model scored on the test images: the session's, or a saved run's.
import type { EvaluationProgress, EvaluationService } from '../../protocol/evaluation.js';
import { evaluateOn } from '../training/evaluate.js';
import { savedModel } from './saved-models.js';
import { exclusive, mnist, session, usePredictionBackend } from './trainer-state.js';

export class TestSetEvaluation implements EvaluationService {
  score(runId: string | null, onProgress?: (progress: EvaluationProgress) => void) {
    return exclusive('An evaluation', async () => {
      const data = await mnist();
      await usePredictionBackend();
      if (runId === null) {
        if (!session.model) throw new Error('No model was trained in this session: choose a saved model to evaluate.');
        return await evaluateOn(session.model, data.test, 'The model trained in this session', onProgress);
      }
      const { record, saved } = await savedModel(runId);
      const which = record.status === 'imported' ? record.name : `${record.name}, epoch ${record.epoch}`;
      try {
        return await evaluateOn(saved, data.test, which, onProgress);
      } finally {
        saved.dispose();
      }
    });
  }
}
