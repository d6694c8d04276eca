// An MNIST digit drawn on the pad from its pixels: each row's run of bright pixels one
// stroke, `scale` pad units a pixel, its top-left corner at (left, top).
import type { StrokePoints } from '../../src/protocol/predictor.js';

export function pixelStrokes(pixels: ArrayLike<number>, left: number, top: number, scale = 10): StrokePoints[] {
  const strokes: StrokePoints[] = [];
  const at = (x: number, y: number): [number, number] => [left + (x + 0.5) * scale, top + (y + 0.5) * scale];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] < 128) continue;
      const start = x;
      while (x + 1 < 28 && pixels[y * 28 + x + 1] >= 128) x++;
      strokes.push([at(start, y), at(x, y)]);
    }
  }
  return strokes;
}

/** The horizontal extent of a digit's bright pixels, in pixels: [first, last]. */
export function brightColumns(pixels: ArrayLike<number>): [number, number] {
  let [first, last] = [28, -1];
  for (let i = 0; i < 784; i++) {
    if (pixels[i] < 128) continue;
    first = Math.min(first, i % 28);
    last = Math.max(last, i % 28);
  }
  return [first, last];
}
