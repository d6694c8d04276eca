// Pieces of ink into digits, and digits into lines. A digit may be several pieces (a 5's
// flag, a broken stroke): pieces one above the other, overlapping across and close in
// height, are one digit, and so is a small piece just beside a digit and level with it.
// Lines follow the digits left to right, so a photo taken at a slant still reads line by
// line.

import type { Component } from './components.js';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DigitGroup extends Box {
  /** The labels of its pieces. */
  labels: number[];
  /** Pixels of ink. */
  area: number;
}

export interface Layout {
  /** Lines top to bottom, each its digits left to right. */
  lines: DigitGroup[][];
  /** The median digit height, for spacing. */
  digitHeight: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const union = (a: Box, b: Box): Box => {
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return {
    left,
    top,
    width: Math.max(a.left + a.width, b.left + b.width) - left,
    height: Math.max(a.top + a.height, b.top + b.height) - top,
  };
};

/** Groups pieces into digits and digits into lines. */
export function layOut(pieces: Component[]): Layout {
  // The typical digit's height: the median over the pieces carrying most of the ink.
  const bigArea = median(pieces.map((p) => p.area));
  const height = median(pieces.filter((p) => p.area >= bigArea / 2).map((p) => p.height));
  let groups: DigitGroup[] = pieces.map(({ left, top, width, height: tall, area, label }) => ({
    left,
    top,
    width,
    height: tall,
    area,
    labels: [label],
  }));

  // Merge while any two groups belong together: few pieces, so pairwise is cheap.
  for (let merged = true; merged;) {
    merged = false;
    groups.sort((a, b) => a.left - b.left);
    outer: for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const a = groups[i];
        const b = groups[j];
        if (b.left > a.left + a.width + 0.08 * height) break; // sorted: none further can touch a
        const overlap = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
        const gap = Math.max(a.top, b.top) - Math.min(a.top + a.height, b.top + b.height);
        const box = union(a, b);
        const stacked = overlap >= 0.5 * Math.min(a.width, b.width) && gap <= 0.25 * height;
        // A small piece just beside a digit, level with it: a broken stroke's end.
        const beside =
          overlap >= -0.08 * height && gap < 0 && Math.min(a.area, b.area) <= 0.25 * Math.max(a.area, b.area);
        if ((stacked || beside) && box.height <= 1.4 * height && box.width <= (stacked ? 1.2 : 0.9) * height) {
          groups[i] = { ...box, labels: [...a.labels, ...b.labels], area: a.area + b.area };
          groups.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  // Specks left over: far smaller than a digit either way.
  groups = groups.filter((g) => Math.max(g.width, g.height) >= 0.3 * height);

  // Lines: each digit, left to right, joins the line whose last digit is level with it.
  groups.sort((a, b) => a.left - b.left);
  const centre = (g: Box) => g.top + g.height / 2;
  const lines: DigitGroup[][] = [];
  for (const group of groups) {
    let best: DigitGroup[] | undefined;
    let bestDistance = 0.6 * height;
    for (const line of lines) {
      const distance = Math.abs(centre(line[line.length - 1]) - centre(group));
      if (distance < bestDistance) {
        best = line;
        bestDistance = distance;
      }
    }
    if (best) best.push(group);
    else lines.push([group]);
  }
  const meanCentre = (line: DigitGroup[]) => line.reduce((sum, g) => sum + centre(g), 0) / line.length;
  lines.sort((a, b) => meanCentre(a) - meanCentre(b));
  return { lines, digitHeight: height };
}
