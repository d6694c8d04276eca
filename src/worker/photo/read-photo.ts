// A photo's digits: decode, threshold, pieces of ink, digits and lines, each digit made
// into MNIST's format by the drawing's own preprocessing, then one batch for the model.

import { preprocess } from '../predictor/preprocess.js';
import { IMAGE_PIXELS } from '../../shared/mnist.js';
import type { PhotoDigit, PhotoResult, PredictorModel } from '../../protocol/predictor.js';
import { decodePhoto, PhotoError } from './decode.js';
import { adaptiveThreshold } from './threshold.js';
import { inkPieces, type Labels } from './components.js';
import { layOut, type DigitGroup } from './layout.js';

/** More pieces of ink than this is a page of text or a textured surface, not digits. */
export const MAX_PIECES = 100;

/** Softmax rows for `count` 28x28 inputs, or undefined with no model to give them. */
export type PredictBatch = (
  inputs: Float32Array,
  count: number,
) => Promise<{ probabilities: Float32Array; model: PredictorModel } | undefined>;

/** One digit's ink alone (its pieces' pixels, not a neighbour's that reaches into its box). */
function digitInput({ labels }: Labels, imageWidth: number, group: DigitGroup): Float32Array | undefined {
  const ink = new Uint8Array(group.width * group.height);
  const own = new Set(group.labels);
  for (let y = 0; y < group.height; y++) {
    for (let x = 0; x < group.width; x++) {
      if (own.has(labels[(group.top + y) * imageWidth + group.left + x])) ink[y * group.width + x] = 255;
    }
  }
  return preprocess({ width: group.width, height: group.height, ink });
}

export async function readPhoto(photo: Blob, predictBatch: PredictBatch): Promise<PhotoResult> {
  const started = performance.now();
  let bitmap: ImageBitmap | undefined;
  try {
    const decoded = await decodePhoto(photo);
    bitmap = decoded.bitmap;
    const { width } = decoded.image;
    const pieces = inkPieces(adaptiveThreshold(decoded.image));
    if (pieces.components.length > MAX_PIECES) {
      throw new PhotoError(
        'too-many',
        `That image has ${pieces.components.length} pieces of ink; up to ${MAX_PIECES} are read. ` +
          'Photograph the digits alone, closer, on plain paper.',
      );
    }
    const { lines, digitHeight } = layOut(pieces.components);
    const groups = lines.flat();
    if (groups.length === 0) {
      throw new PhotoError('no-ink', 'No digits found in that image: dark digits on light paper read best.');
    }
    const inputs = new Float32Array(groups.length * IMAGE_PIXELS);
    groups.forEach((group, i) => inputs.set(digitInput(pieces, width, group)!, i * IMAGE_PIXELS));
    const predicted = await predictBatch(inputs, groups.length);
    if (!predicted) return { kind: 'no-model' };

    const digits: PhotoDigit[] = [];
    const text = lines.map((line, index) =>
      line
        .map((group, k) => {
          const row = predicted.probabilities.subarray(digits.length * 10, (digits.length + 1) * 10);
          const digit = row.indexOf(Math.max(...row));
          digits.push({ ...box(group), digit, probability: row[digit], line: index });
          const previous = line[k - 1];
          const spaced = previous && group.left - (previous.left + previous.width) > digitHeight * 0.8;
          return `${spaced ? ' ' : ''}${digit}`;
        })
        .join(''),
    );
    const result = { kind: 'read', photo: bitmap, digits, lines: text, model: predicted.model } as const;
    bitmap = undefined; // the caller's now
    return { ...result, millis: performance.now() - started };
  } catch (error) {
    if (error instanceof PhotoError) return { kind: 'refused', reason: error.reason, message: error.message };
    throw error;
  } finally {
    bitmap?.close();
  }
}

const box = ({ left, top, width, height }: DigitGroup) => ({ left, top, width, height });
