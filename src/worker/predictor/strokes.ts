// A digit's strokes drawn as ink with a pen of a given width, at a resolution of its own:
// the predictor draws each digit of a number apart, and again with another pen where the
// first one left lines unlike MNIST's (see `read-number.ts`).
import type { InkImage } from './preprocess.js';

/** A pen stroke: points in any unit (the pad's), in drawing order. */
export type Stroke = readonly (readonly [number, number])[];

/** The ink's longer side in pixels: several times preprocessing's 20, so area averaging anti-aliases. */
const SIDE = 140;

/** The strokes' points' box: x, y, width, height (0 for a single point). */
export function strokeBounds(strokes: readonly Stroke[]): [number, number, number, number] {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const stroke of strokes) {
    for (const [x, y] of stroke) {
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return [left, top, right - left, bottom - top];
}

/**
 * The strokes as ink (alpha per pixel), round pen `pen` wide in the strokes' unit, on a
 * canvas just large enough; undefined when there is no point.
 */
export function inkOfStrokes(strokes: readonly Stroke[], pen: number): InkImage | undefined {
  const [left, top, width, height] = strokeBounds(strokes);
  if (!Number.isFinite(left) || !(pen > 0)) return undefined;
  const scale = SIDE / (Math.max(width, height) + pen);
  const canvasWidth = Math.ceil((width + pen) * scale) + 2;
  const canvasHeight = Math.ceil((height + pen) * scale) + 2;
  const canvas = new OffscreenCanvas(canvasWidth, canvasHeight);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.strokeStyle = '#fff';
  context.lineWidth = pen * scale;
  context.lineCap = context.lineJoin = 'round';
  const at = ([x, y]: readonly [number, number]) =>
    [(x - left + pen / 2) * scale + 1, (y - top + pen / 2) * scale + 1] as const;
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    context.beginPath();
    const [x0, y0] = at(stroke[0]);
    context.moveTo(x0, y0);
    if (stroke.length === 1) context.lineTo(x0 + 0.01, y0); // a lone point still leaves a dot
    for (const point of stroke.slice(1)) context.lineTo(...at(point));
    context.stroke();
  }
  const { data } = context.getImageData(0, 0, canvasWidth, canvasHeight);
  const ink = new Uint8Array(canvasWidth * canvasHeight);
  for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4 + 3];
  return { width: canvasWidth, height: canvasHeight, ink };
}
