// The trainer's evaluation service: a model scored on MNIST's 10,000 test images.
import type { EvaluationReport } from '../shared/evaluation-report.js';

export interface EvaluationProgress {
  done: number;
  total: number;
}

export interface EvaluationService {
  /**
   * Scores a model on the 10,000 test images: the one trained in this session (runId
   * null) or a saved run's last checkpoint.
   */
  score(runId: string | null, onProgress?: (progress: EvaluationProgress) => void): Promise<EvaluationReport>;
}
