// A model's scores on the test images, computed from its predicted probabilities: what
// the trainer worker reports and the page shows and drills into.
import { CLASS_COUNT } from './mnist.js';

export interface EvaluationReport {
  /** Which model: "the model trained in this session" or a saved run's name and epoch. */
  model: string;
  count: number;
  /** Keras' sparse categorical cross-entropy (probabilities clipped to [1e-7, 1 - 1e-7]). */
  loss: number;
  accuracy: number;
  /** confusion[t][p]: the test images of class t that the model calls p. */
  confusion: number[][];
  /** Per class: of the images called c, those that are c (null when none is called c). */
  precision: (number | null)[];
  /** Per class: of the images of class c, those called c. */
  recall: number[];
  labels: Uint8Array;
  predicted: Uint8Array;
  /** `count` x 10 probabilities, image after image. */
  probabilities: Float32Array;
  millis: number;
}

const EPSILON = 1e-7;

/** Everything but the model's name and the time taken, from labels and probabilities. */
export function scoreProbabilities(
  labels: Uint8Array,
  probabilities: Float32Array,
): Omit<EvaluationReport, 'model' | 'millis'> {
  const count = labels.length;
  if (probabilities.length !== count * CLASS_COUNT) {
    throw new Error(`Expected ${count * CLASS_COUNT} probabilities for ${count} images, got ${probabilities.length}.`);
  }
  const confusion = Array.from({ length: CLASS_COUNT }, () => new Array<number>(CLASS_COUNT).fill(0));
  const predicted = new Uint8Array(count);
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT);
    let best = 0;
    for (let c = 1; c < CLASS_COUNT; c++) if (row[c] > row[best]) best = c;
    const label = labels[i];
    predicted[i] = best;
    confusion[label][best]++;
    if (best === label) correct++;
    lossSum -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[label])));
  }
  const precision = confusion.map((_, c) => {
    const called = confusion.reduce((sum, row) => sum + row[c], 0);
    return called === 0 ? null : confusion[c][c] / called;
  });
  const recall = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[c] / total;
  });
  return {
    count,
    loss: count === 0 ? 0 : lossSum / count,
    accuracy: count === 0 ? 0 : correct / count,
    confusion,
    precision,
    recall,
    labels,
    predicted,
    probabilities,
  };
}

/** The test images behind one cell of the confusion matrix, in test-set order. */
export function cellImages(
  report: Pick<EvaluationReport, 'labels' | 'predicted'>,
  label: number,
  called: number,
): number[] {
  const indices: number[] = [];
  for (let i = 0; i < report.labels.length; i++) {
    if (report.labels[i] === label && report.predicted[i] === called) indices.push(i);
  }
  return indices;
}

/** The wrongly classified images the model was surest of, surest first. */
export function confidentlyWrong(
  report: Pick<EvaluationReport, 'labels' | 'predicted' | 'probabilities'>,
  limit: number,
): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < report.labels.length; i++) if (report.labels[i] !== report.predicted[i]) wrong.push(i);
  const confidence = (i: number) => report.probabilities[i * CLASS_COUNT + report.predicted[i]];
  return wrong.sort((a, b) => confidence(b) - confidence(a) || a - b).slice(0, limit);
}
