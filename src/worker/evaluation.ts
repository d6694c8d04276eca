// A model on all the test images, batch by batch: its probabilities for each image, and
// from them the report the page shows (see src/shared/evaluation.ts).
import * as tf from '@tensorflow/tfjs';
import { CLASSES, scoreProbabilities, type EvaluationReport } from '../shared/evaluation.js';
import type { MnistPart } from './dataset.js';
import { batchTensors, EVAL_BATCH, nextTask } from './train.js';

export type EvaluationProgress = (progress: { done: number; total: number }) => void;

/** Inference mode (dropout off, BatchNorm's moving statistics), as model.evaluate runs. */
export async function evaluateOn(
  model: tf.LayersModel,
  part: MnistPart,
  name: string,
  onProgress?: EvaluationProgress,
): Promise<EvaluationReport> {
  const started = performance.now();
  const probabilities = new Float32Array(part.count * CLASSES);
  for (let start = 0; start < part.count; start += EVAL_BATCH) {
    const end = Math.min(part.count, start + EVAL_BATCH);
    const { x, y } = batchTensors(
      part,
      Uint32Array.from({ length: end - start }, (_, i) => start + i),
    );
    const output = model.predict(x) as tf.Tensor;
    tf.dispose([x, y]);
    try {
      if (output.shape[1] !== CLASSES) throw new Error(`The model gives ${output.shape[1]} outputs, not ${CLASSES}.`);
      probabilities.set(await output.data(), start * CLASSES);
    } finally {
      output.dispose();
    }
    onProgress?.({ done: end, total: part.count });
    await nextTask();
  }
  const scores = scoreProbabilities(part.labels.slice(0, part.count), probabilities);
  return { model: name, ...scores, millis: Math.round(performance.now() - started) };
}
