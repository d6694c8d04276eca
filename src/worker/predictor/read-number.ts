// Strokes on the pad to the model's inputs, one a digit: grouped into digits left to
// right, each drawn as ink and made an MNIST digit by `preprocess`, with its lines as wide
// as MNIST's. The pad's pen is one width whatever the size of the writing, so a digit
// written large came out of the 20-pixel box with lines a pixel or so wide (a model after
// one epoch read a thin 1 as a 7, a thin 6 as a 5), and one written small with its loops
// filled in; MNIST's lines are about 2 pixels by the measure below (median over the test
// images; a tenth are under 1.5, a tenth over 2.8).
import type { StrokePoints } from '../../protocol/predictor.js';
import { IMAGE_SIDE } from '../../shared/mnist.js';
import { groupDigits } from './digit-groups.js';
import { preprocess } from './preprocess.js';
import { inkOfStrokes, strokeBounds, type Stroke } from './strokes.js';

/** More points than a person draws in a long while: a bound on the work one call asks. */
const MAX_POINTS = 100_000;
/** The box preprocessing scales a digit's longer side to. */
const BOX = 20;
/** Line widths (pixels of 28, by `lineWidth`) outside which a digit is drawn again... */
const THIN = 2;
const THICK = 3.2;
/** ...with a pen that gives this (what read thin lettering best, within MNIST's range). */
const TARGET = 2.4;

/** Throws unless `strokes` is a list of strokes of [x, y] points, finite numbers. */
export function checkStrokes(strokes: unknown): asserts strokes is StrokePoints[] {
  let points = 0;
  const ok =
    Array.isArray(strokes) &&
    strokes.every(
      (stroke) =>
        Array.isArray(stroke) &&
        (points += stroke.length) <= MAX_POINTS &&
        stroke.every(
          (point) =>
            Array.isArray(point) && point.length === 2 && Number.isFinite(point[0]) && Number.isFinite(point[1]),
        ),
    );
  if (!ok) throw new Error(`Strokes must be lists of [x, y] points, finite numbers, at most ${MAX_POINTS} in all.`);
}

/**
 * A line width of a 28x28 digit: twice its ink over its edges' length (a line L long
 * and w wide has ink Lw and edges 2L), the edges measured as the grey steps between
 * neighbours.
 */
export function lineWidth(input: Float32Array): number {
  let ink = 0;
  let edges = 0;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      const value = input[y * IMAGE_SIDE + x];
      ink += value;
      if (x + 1 < IMAGE_SIDE) edges += Math.abs(value - input[y * IMAGE_SIDE + x + 1]);
      if (y + 1 < IMAGE_SIDE) edges += Math.abs(value - input[(y + 1) * IMAGE_SIDE + x]);
    }
  }
  return edges > 0 ? (2 * ink) / edges : 0;
}

/** One digit's input: drawn with the pad's pen, and again where its lines are unlike MNIST's. */
function digitInput(strokes: readonly Stroke[], pen: number): Float32Array | undefined {
  const ink = inkOfStrokes(strokes, pen);
  const input = ink && preprocess(ink);
  if (!input) return undefined;
  const [, , width, height] = strokeBounds(strokes);
  const longer = Math.max(width, height);
  // The pen in the 20-pixel box; under a pixel the ink is too faint for `lineWidth`.
  const drawn = (pen * BOX) / (longer + pen);
  const lines = drawn < 1 ? drawn : lineWidth(input);
  if (lines >= THIN && lines <= THICK) return input;
  const again = inkOfStrokes(strokes, drawn < 1 ? (TARGET * longer) / (BOX - TARGET) : (pen * TARGET) / lines);
  return (again && preprocess(again)) ?? input;
}

/**
 * Each digit's 28x28 input in [0, 1], left to right, from strokes drawn with a pen `pen`
 * wide (in the strokes' unit); none for strokes with no point.
 */
export function numberInputs(strokes: StrokePoints[], pen: number): Float32Array[] {
  checkStrokes(strokes);
  if (!(Number.isFinite(pen) && pen > 0)) throw new Error(`The pen's width must be a positive number (got ${pen}).`);
  return groupDigits(strokes).flatMap((digit) => {
    const input = digitInput(digit, pen);
    return input ? [input] : [];
  });
}
