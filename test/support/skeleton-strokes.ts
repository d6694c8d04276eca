// MNIST digits as a pen would redraw them: thinned to one-pixel skeletons (Zhang and
// Suen's thinning) and each pair of neighbouring skeleton pixels joined by a stroke, so the
// width of MNIST's own pen is gone and only the path is left.
import type { Stroke } from '../../src/worker/predictor/strokes.js';

const SIDE = 28;

/** The one-pixel skeleton of the pixels of at least 128, as 0 and 1. */
export function skeleton(pixels: ArrayLike<number>): Uint8Array {
  const on = Uint8Array.from({ length: SIDE * SIDE }, (_, i) => (pixels[i] >= 128 ? 1 : 0));
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : on[y * SIDE + x]);
  for (let changed = true; changed;) {
    changed = false;
    for (const pass of [0, 1]) {
      const remove: number[] = [];
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          if (!on[y * SIDE + x]) continue;
          // P2..P9 clockwise from the pixel above.
          const p = [
            at(x, y - 1),
            at(x + 1, y - 1),
            at(x + 1, y),
            at(x + 1, y + 1),
            at(x, y + 1),
            at(x - 1, y + 1),
            at(x - 1, y),
            at(x - 1, y - 1),
          ];
          const neighbours = p.reduce((a, b) => a + b, 0);
          let transitions = 0;
          for (let i = 0; i < 8; i++) if (!p[i] && p[(i + 1) % 8]) transitions++;
          const [p2, , p4, , p6, , p8] = p;
          const firstPass =
            pass === 0 ? p2 * p4 * p6 === 0 && p4 * p6 * p8 === 0 : p2 * p4 * p8 === 0 && p2 * p6 * p8 === 0;
          if (neighbours >= 2 && neighbours <= 6 && transitions === 1 && firstPass) remove.push(y * SIDE + x);
        }
      }
      for (const i of remove) on[i] = 0;
      if (remove.length > 0) changed = true;
    }
  }
  return on;
}

/**
 * The digit's skeleton as strokes on a pad, each pixel `scale` pad pixels, its top-left
 * corner at (left, top): a stroke joins each pair of 8-neighbours, a lone pixel is a dot.
 */
export function skeletonStrokes(pixels: ArrayLike<number>, left: number, top: number, scale = 10): Stroke[] {
  const bones = skeleton(pixels);
  const point = (x: number, y: number) => [left + (x + 0.5) * scale, top + (y + 0.5) * scale] as const;
  const strokes: Stroke[] = [];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      if (!bones[y * SIDE + x]) continue;
      let joined = false;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 1],
        [0, 1],
        [1, 1],
      ]) {
        const [nx, ny] = [x + dx, y + dy];
        if (nx < 0 || nx >= SIDE || ny >= SIDE || !bones[ny * SIDE + nx]) continue;
        strokes.push([point(x, y), point(nx, ny)]);
        joined = true;
      }
      if (!joined) strokes.push([point(x, y)]);
    }
  }
  return strokes;
}
