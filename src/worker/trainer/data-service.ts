// MNIST for the page: loading it, its test images, and the augmentation preview.
import * as tf from '@tensorflow/tfjs';
import { transfer } from 'comlink';
import type { AugmentPreviewSettings, DataService, DatasetProgress } from '../../protocol/data.js';
import { IMAGE_PIXELS } from '../../shared/mnist.js';
import { DEFAULT_CONFIG, validateConfig } from '../../shared/train-config.js';
import { augmentBatch } from '../data/augment.js';
import { SeededRandom } from '../data/random.js';
import { batchTensors } from '../training/batch-loop.js';
import { mnist, useAnyBackend } from './trainer-state.js';

const MAX_IMAGES = 1000;

export class MnistData implements DataService {
  async load(onProgress?: (progress: DatasetProgress) => void) {
    return (await mnist(onProgress)).info;
  }

  async testImages(indices: number[]) {
    const { test } = await mnist();
    if (!Array.isArray(indices) || indices.length > MAX_IMAGES) {
      throw new Error(`Ask for at most ${MAX_IMAGES} test images at a time.`);
    }
    const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= test.count);
    if (bad !== undefined) throw new Error(`There is no test image ${String(bad)} (0 to ${test.count - 1}).`);
    const pixels = new Uint8Array(indices.length * IMAGE_PIXELS);
    indices.forEach((index, k) => {
      pixels.set(test.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), k * IMAGE_PIXELS);
    });
    return transfer(pixels, [pixels.buffer]);
  }

  async previewAugmentation(settings: AugmentPreviewSettings) {
    const { count, variants } = settings;
    const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
    if (!whole(count, 32) || !whole(variants, 16)) {
      throw new Error(`A preview takes 1-32 images and 1-16 variants (got ${count} and ${variants}).`);
    }
    const errors = Object.values(validateConfig({ ...DEFAULT_CONFIG, ...settings, seed: settings.seed }));
    if (errors.length > 0) throw new Error(`Invalid augmentation settings: ${errors.join(' ')}`);
    const data = await mnist();
    await useAnyBackend();
    // Each of the first `count` training images, `variants` times over.
    const indices = Array.from({ length: count * variants }, (_, i) => Math.floor(i / variants));
    const { x, y } = batchTensors(data.train, indices);
    const augmented = augmentBatch(x, settings, new SeededRandom(settings.seed));
    const pixels = await augmented.data();
    tf.dispose([x, y, augmented]);
    const preview = {
      originals: data.train.images.slice(0, count * IMAGE_PIXELS),
      augmented: Uint8Array.from(pixels, (value) => Math.round(value * 255)),
      count,
      variants,
    };
    return transfer(preview, [preview.originals.buffer, preview.augmented.buffer]);
  }
}
