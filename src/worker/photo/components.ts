// Connected pieces of ink (8-connected), with paper's specks and ruled lines dropped.

import { verticalRuns, type Mask } from './threshold.js';

export interface Component {
  /** Its label in `Labels.labels` (1 and up). */
  label: number;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Pixels of ink. */
  area: number;
}

export interface Labels {
  /** Each pixel's component label, 0 for paper. */
  labels: Int32Array;
  components: Component[];
}

/** Labels every connected piece of ink (a flood fill from each unlabelled pixel). */
export function label({ width, height, ink }: Mask): Labels {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || labels[start]) continue;
    const id = components.length + 1;
    let left = width;
    let right = -1;
    let top = height;
    let bottom = -1;
    let area = 0;
    let size = 0;
    stack[size++] = start;
    labels[start] = id;
    while (size > 0) {
      const at = stack[--size];
      const x = at % width;
      const y = (at - x) / width;
      area++;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (ink[next] && !labels[next]) {
            labels[next] = id;
            stack[size++] = next;
          }
        }
      }
    }
    components.push({ label: id, left, top, width: right - left + 1, height: bottom - top + 1, area });
  }
  return { labels, components };
}

/**
 * Long and thin, as a ruled line (or a margin's) is. Upright, only far thinner than a 1
 * is; across, a few times wider than tall (no digit is).
 */
function isLong(c: Component, imageWidth: number, imageHeight: number): boolean {
  return (
    c.width >= 5 * c.height || c.height >= 15 * c.width || c.width >= imageWidth / 4 || c.height >= imageHeight / 3
  );
}

export interface Pieces extends Labels {
  mask: Mask;
}

/**
 * The pieces of ink that may be parts of digits. Ruled lines go first: the thin ink
 * (vertically at most a line's thickness) that forms long runs across is cleared, which
 * cuts a line off the digits touching it (a stroke crossing it is thicker there). Then
 * paper's specks (smaller than `minArea`) and whatever else is long and thin are dropped.
 */
export function inkPieces(mask: Mask): Pieces {
  const { width, height } = mask;
  const side = Math.max(width, height);
  const runs = verticalRuns(mask);
  const lineThickness = Math.max(3, Math.round(side / 300));
  const thin = new Uint8Array(mask.ink.length);
  for (let i = 0; i < thin.length; i++) thin[i] = runs[i] > 0 && runs[i] <= lineThickness ? 1 : 0;
  const thinPieces = label({ width, height, ink: thin });
  const lines = new Set(
    thinPieces.components.filter((c) => c.width >= side / 30 && c.width >= 3 * c.height).map((c) => c.label),
  );
  const ink = mask.ink.slice();
  for (let i = 0; i < ink.length; i++) if (lines.has(thinPieces.labels[i])) ink[i] = 0;
  const cleaned = { width, height, ink };
  const { labels, components } = label(cleaned);
  const minArea = Math.max(12, Math.round(width * height * 1.5e-5));
  const kept = components.filter((c) => c.area >= minArea && !isLong(c, width, height));
  return { mask: cleaned, labels, components: kept };
}
