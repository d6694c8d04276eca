// Ink from grey levels under uneven light: a pixel is ink where it is darker than the
// mean of the window around it by more than an offset (an integral image gives each
// window's mean in four reads). A global threshold fails on a photo lit from one side.

import type { GreyImage } from './decode.js';

export interface Mask {
  width: number;
  height: number;
  /** 1 for ink, 0 for paper. */
  ink: Uint8Array;
}

/**
 * `window`: the side of the square the mean is taken over, a few stroke widths at least
 * (a stroke's inside must still see paper). `offset`: how much darker than that mean
 * ink is, in grey levels; paper's texture and JPEG's noise stay under it.
 */
export function adaptiveThreshold(
  { width, height, grey }: GreyImage,
  window = Math.max(15, Math.round(Math.max(width, height) / 25)) | 1,
  offset = 18,
): Mask {
  const stride = width + 1;
  const sums = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += grey[y * width + x];
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + row;
    }
  }
  const half = window >> 1;
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - half);
    const bottom = Math.min(height, y + half + 1);
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - half);
      const right = Math.min(width, x + half + 1);
      const sum =
        sums[bottom * stride + right] -
        sums[top * stride + right] -
        sums[bottom * stride + left] +
        sums[top * stride + left];
      const mean = sum / ((bottom - top) * (right - left));
      if (grey[y * width + x] < mean - offset) ink[y * width + x] = 1;
    }
  }
  return { width, height, ink };
}

/** Vertical run length of ink through each pixel (0 on paper). */
export function verticalRuns({ width, height, ink }: Mask): Uint16Array {
  const runs = new Uint16Array(width * height);
  for (let x = 0; x < width; x++) {
    let y = 0;
    while (y < height) {
      if (!ink[y * width + x]) {
        y++;
        continue;
      }
      let end = y;
      while (end < height && ink[end * width + x]) end++;
      for (let k = y; k < end; k++) runs[k * width + x] = end - y;
      y = end;
    }
  }
  return runs;
}
