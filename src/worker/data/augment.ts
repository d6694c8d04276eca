// Augmentation like Keras' ImageDataGenerator(rotation_range, zoom_range,
// width_shift_range, height_shift_range): random parameters per image, drawn as Keras
// draws them, applied to a whole batch by one tf.image.transform on the training backend.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from './random.js';
import type { AugmentationSettings } from '../../shared/train-config.js';

export interface AugmentParams {
  /** Radians; positive turns the content clockwise on screen (y points down). */
  angle: number;
  /** Sampling zoom as in Keras: above 1 samples a wider area, so the digit shrinks. */
  zoomX: number;
  zoomY: number;
  /** Pixels the content moves right and down. */
  shiftX: number;
  shiftY: number;
}

export const IDENTITY: AugmentParams = { angle: 0, zoomX: 1, zoomY: 1, shiftX: 0, shiftY: 0 };

export function randomParams(settings: AugmentationSettings, random: SeededRandom, size: number): AugmentParams {
  return {
    angle: (random.symmetric(settings.rotationRange) * Math.PI) / 180,
    zoomX: 1 + random.symmetric(settings.zoomRange),
    zoomY: 1 + random.symmetric(settings.zoomRange),
    shiftX: random.symmetric(settings.widthShiftRange) * size,
    shiftY: random.symmetric(settings.heightShiftRange) * size,
  };
}

/**
 * The 8 numbers tf.image.transform wants: they map an output pixel (x, y) to the input
 * point it samples, input = c + Z R(-angle) (output - c - shift), about the image centre c
 * (pixel centres sit on integers, so c = (size - 1) / 2, as in Keras).
 */
export function transformRow(params: AugmentParams, size: number): number[] {
  const c = (size - 1) / 2;
  const cos = Math.cos(params.angle);
  const sin = Math.sin(params.angle);
  const m00 = params.zoomX * cos;
  const m01 = params.zoomX * sin;
  const m10 = -params.zoomY * sin;
  const m11 = params.zoomY * cos;
  const ox = c + params.shiftX;
  const oy = c + params.shiftY;
  return [m00, m01, c - m00 * ox - m01 * oy, m10, m11, c - m10 * ox - m11 * oy, 0, 0];
}

/** Transforms each image of [n, h, w, 1] by its own parameters; bilinear, edges repeat (Keras' 'nearest'). */
export function transformImages(images: tf.Tensor4D, params: readonly AugmentParams[]): tf.Tensor4D {
  const [n, size] = images.shape;
  if (params.length !== n) throw new Error(`transformImages: ${params.length} parameter sets for ${n} images`);
  return tf.tidy(() => {
    const rows = tf.tensor2d(
      params.flatMap((p) => transformRow(p, size)),
      [n, 8],
    );
    if (tf.getBackend() !== 'cpu') return tf.image.transform(images, rows, 'bilinear', 'nearest');
    // tfjs-backend-cpu 4.22's Transform returns after the first image of a batch (the
    // rest come out black), so on the CPU each image goes through on its own.
    const one = (i: number) => tf.image.transform(images.slice(i, 1), rows.slice(i, 1), 'bilinear', 'nearest');
    return tf.concat(Array.from({ length: n }, (_, i) => one(i)));
  });
}

/** A batch augmented with fresh random parameters (the input stays as it is). */
export function augmentBatch(images: tf.Tensor4D, settings: AugmentationSettings, random: SeededRandom): tf.Tensor4D {
  const [n, size] = images.shape;
  return transformImages(
    images,
    Array.from({ length: n }, () => randomParams(settings, random, size)),
  );
}
