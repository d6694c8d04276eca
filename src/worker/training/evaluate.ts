// A model on all the images of a part (the test images): its probabilities for each,
// and from them the report the page shows (see src/shared/evaluation.ts).
import type * as tf from '@tensorflow/tfjs';
import { scoreProbabilities, type EvaluationReport } from '../../shared/evaluation-report.js';
import type { MnistPart } from '../data/dataset.js';
import { predictProbabilities } from './train.js';

export type EvaluationProgress = (progress: { done: number; total: number }) => void;

export async function evaluateOn(
  model: tf.LayersModel,
  part: MnistPart,
  name: string,
  onProgress?: EvaluationProgress,
): Promise<EvaluationReport> {
  const started = performance.now();
  const all = Uint32Array.from({ length: part.count }, (_, i) => i);
  const probabilities = await predictProbabilities(model, part, all, onProgress);
  const scores = scoreProbabilities(part.labels.slice(0, part.count), probabilities);
  return { model: name, ...scores, millis: Math.round(performance.now() - started) };
}
