import { IMAGE_PIXELS, IMAGE_SIDE } from '../../shared/mnist.js';
// A drawing made to look like an MNIST digit, as MNIST's own images were made: crop to
// the ink, scale the longer side to 20 pixels keeping the aspect ratio (area averaging,
// so edges get grey levels), then place it in 28x28 with its centre of mass at the
// centre, ink bright on dark, in [0, 1].

/** Ink per pixel, 0 (none) to 255 (full), row after row. */
export interface InkImage {
  width: number;
  height: number;
  ink: Uint8Array | Uint8ClampedArray;
}

const BOX = 20;
/** The centre of a 28x28 field in pixel-index coordinates (pixel i covers [i, i + 1)). */
const CENTRE = (IMAGE_SIDE - 1) / 2;

export interface Bounds {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest box holding every pixel with ink, or undefined for an empty image. */
export function inkBounds({ width, height, ink }: InkImage): Bounds | undefined {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? undefined : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Resamples one axis by area averaging: each output cell is the mean of the input it
 * covers, input cells counted by the fraction of them inside.
 */
function resampleAxis(
  input: Float32Array,
  length: number,
  lines: number,
  outLength: number,
  along: 'x' | 'y',
): Float32Array {
  const out = new Float32Array(outLength * lines);
  const scale = length / outLength; // input cells per output cell
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outLength; o++) {
      const start = o * scale;
      const end = start + scale;
      let sum = 0;
      for (let i = Math.floor(start); i < Math.min(length, Math.ceil(end)); i++) {
        const cover = Math.min(end, i + 1) - Math.max(start, i);
        const value = along === 'x' ? input[line * length + i] : input[i * lines + line];
        sum += cover * value;
      }
      if (along === 'x') out[line * outLength + o] = sum / scale;
      else out[o * lines + line] = sum / scale;
    }
  }
  return out;
}

/** The 28x28 input the model receives, in [0, 1]; undefined when there is no ink. */
export function preprocess(image: InkImage): Float32Array | undefined {
  const bounds = inkBounds(image);
  if (!bounds) return undefined;
  const crop = new Float32Array(bounds.width * bounds.height);
  for (let y = 0; y < bounds.height; y++) {
    for (let x = 0; x < bounds.width; x++) {
      crop[y * bounds.width + x] = image.ink[(bounds.top + y) * image.width + bounds.left + x] / 255;
    }
  }
  const scale = BOX / Math.max(bounds.width, bounds.height);
  const width = Math.max(1, Math.round(bounds.width * scale));
  const height = Math.max(1, Math.round(bounds.height * scale));
  const boxed = resampleAxis(
    resampleAxis(crop, bounds.width, bounds.height, width, 'x'),
    bounds.height,
    width,
    height,
    'y',
  );

  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  boxed.forEach((value, i) => {
    mass += value;
    sumX += value * (i % width);
    sumY += value * Math.floor(i / width);
  });
  // Whole-pixel shifts, as MNIST's: the centre of mass ends within half a pixel of the centre.
  const offsetX = Math.round(CENTRE - sumX / mass);
  const offsetY = Math.round(CENTRE - sumY / mass);
  const out = new Float32Array(IMAGE_PIXELS);
  for (let y = 0; y < height; y++) {
    const ty = y + offsetY;
    if (ty < 0 || ty >= IMAGE_SIDE) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + offsetX;
      if (tx >= 0 && tx < IMAGE_SIDE) out[ty * IMAGE_SIDE + tx] = Math.min(1, boxed[y * width + x]);
    }
  }
  return out;
}
