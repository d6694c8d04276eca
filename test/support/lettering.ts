// Digits in single-stroke lettering, a style MNIST lacks: each glyph one or two thin
// pen paths (a 1 is one straight line, a 6 a curve into a small round loop), drawn with
// the pad's own pen at a random size, slant, width and place, with a shaky hand.
import type { SeededRandom } from '../../src/worker/data/random.js';

export type Point = [number, number];
/** Strokes in the glyph's box: x in [0, 1] (the digit's width), y in [0, 1] top to bottom. */
export type Glyph = Point[][];

/** Points along an ellipse's arc from angle a0 to a1 (degrees; 0 is right, 90 down). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number): Point[] {
  const steps = Math.max(2, Math.ceil(Math.abs(a1 - a0) / 10));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = ((a0 + ((a1 - a0) * i) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as Point;
  });
}

/** Two or more glyphs a digit, as lettering books draw them. */
export const GLYPHS: Glyph[][] = [
  [[arc(0.5, 0.5, 0.5, 0.5, -90, 270)], [arc(0.5, 0.5, 0.45, 0.5, -100, 260)]],
  [
    [
      [
        [0.5, 0],
        [0.5, 1],
      ],
    ],
    [
      [
        [0.15, 0.2],
        [0.55, 0],
        [0.55, 1],
      ],
    ],
  ],
  [
    [[...arc(0.5, 0.27, 0.45, 0.27, 190, 360), ...arc(0.5, 0.27, 0.45, 0.27, 0, 40), [0.05, 1], [1, 1]]],
    [[...arc(0.5, 0.3, 0.45, 0.3, 180, 400), [0.05, 1], [1, 1]]],
  ],
  [
    [[...arc(0.5, 0.25, 0.42, 0.25, 200, 450), ...arc(0.5, 0.72, 0.48, 0.28, -90, 160)]],
    [[[0.05, 0], [0.9, 0], [0.4, 0.42], ...arc(0.5, 0.7, 0.48, 0.3, -80, 160)]],
  ],
  [
    [
      [
        [0.7, 1],
        [0.7, 0],
        [0, 0.7],
        [1, 0.7],
      ],
    ],
    [
      [
        [0.2, 0],
        [0.05, 0.6],
        [1, 0.6],
      ],
      [
        [0.75, 0.2],
        [0.75, 1],
      ],
    ],
  ],
  [
    [[[0.9, 0], [0.2, 0], [0.12, 0.45], ...arc(0.5, 0.68, 0.47, 0.32, -140, 150)]],
    [
      [[0.15, 0], [0.1, 0.45], ...arc(0.5, 0.68, 0.47, 0.32, -140, 150)],
      [
        [0.15, 0],
        [0.95, 0],
      ],
    ],
  ],
  [
    [[...arc(1.3, 0.75, 1.25, 0.75, 240, 180), ...arc(0.5, 0.73, 0.45, 0.27, 180, 540)]],
    [[[0.8, 0], [0.15, 0.6], ...arc(0.5, 0.74, 0.42, 0.26, 180, 540)]],
  ],
  [
    [
      [
        [0, 0],
        [1, 0],
        [0.35, 1],
      ],
    ],
    [
      [
        [0, 0.1],
        [0, 0],
        [1, 0],
        [0.45, 1],
      ],
    ],
  ],
  [
    [[...arc(0.5, 0.25, 0.4, 0.25, 90, 450), ...arc(0.5, 0.74, 0.5, 0.26, -90, 270)]],
    [
      [
        ...arc(0.5, 0.25, 0.4, 0.25, -10, -180),
        ...arc(0.5, 0.25, 0.4, 0.25, 180, 90),
        ...arc(0.5, 0.75, 0.5, 0.25, -90, 270),
        ...arc(0.5, 0.25, 0.4, 0.25, 90, -10),
      ],
    ],
  ],
  [
    [[...arc(0.5, 0.28, 0.5, 0.28, 0, -360), [1, 0.28], [0.9, 1]]],
    [[...arc(0.5, 0.3, 0.48, 0.3, 0, -360), ...arc(-0.4, 0.3, 1.4, 0.7, 0, 60)]],
  ],
];

/** A glyph as a person might write it on the pad: strokes in pad pixels. */
export function handwrite(glyph: Glyph, random: SeededRandom, pad: number): Point[][] {
  const height = pad * (0.4 + random.next() * 0.5);
  const width = height * (0.45 + random.next() * 0.25);
  const slant = random.symmetric(0.25) + 0.05; // mostly leaning right, as handwriting does
  const left = pad * 0.08 + random.next() * (pad * 0.84 - width - Math.abs(slant) * height);
  const top = pad * 0.05 + random.next() * (pad * 0.9 - height);
  const wobble = () => random.symmetric(0.02) * height;
  return glyph.map((stroke) => {
    const shaky: Point[] = [];
    // Densified, as touch events come, with a little tremor.
    for (let i = 0; i < stroke.length; i++) {
      const [x, y] = stroke[i];
      const [nx, ny] = stroke[Math.min(i + 1, stroke.length - 1)];
      const steps = i === stroke.length - 1 ? 1 : Math.max(1, Math.ceil(Math.hypot(nx - x, ny - y) * 10));
      for (let s = 0; s < steps; s++) {
        const [px, py] = [x + ((nx - x) * s) / steps, y + ((ny - y) * s) / steps];
        shaky.push([left + px * width + slant * (1 - py) * height + wobble(), top + py * height + wobble()]);
      }
    }
    return shaky;
  });
}
