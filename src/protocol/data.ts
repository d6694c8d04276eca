// The trainer's data service: MNIST loaded and cached, its test images, and training
// images as the augmentation settings transform them.
import type { AugmentationSettings } from '../shared/train-config.js';

export type DatasetPhase = 'cache' | 'download' | 'verify' | 'store' | 'ready';

export interface DatasetProgress {
  phase: DatasetPhase;
  /** Compressed bytes received so far, and in all (from the data manifest). */
  loadedBytes: number;
  totalBytes: number;
  /** Images and labels decoded so far, and in all (2 x 70,000). */
  items: number;
  totalItems: number;
}

export interface DatasetInfo {
  /**
   * `cache`: this device's IndexedDB copy; `network`: downloaded; `offline-copy`: fetched,
   * but answered by the service worker's precache on this device.
   */
  source: 'network' | 'cache' | 'offline-copy';
  trainCount: number;
  testCount: number;
  /** SHA-256 over the four files' own SHA-256s, as the build computed them. */
  checksum: string;
  /** Compressed bytes fetched (0 from the cache) and raw bytes held. */
  fetchedBytes: number;
  rawBytes: number;
  millis: number;
  /** Set when the data loaded but could not be cached (quota, private mode). */
  cacheError?: string;
}

export interface AugmentPreviewSettings extends AugmentationSettings {
  seed: number;
  count: number;
  variants: number;
}

export interface AugmentPreview {
  originals: Uint8Array;
  augmented: Uint8Array;
  count: number;
  variants: number;
}

export interface DataService {
  /** Loads MNIST from IndexedDB, or fetches, verifies and caches it on the first visit. */
  load(onProgress?: (progress: DatasetProgress) => void): Promise<DatasetInfo>;
  /** Test images (784 bytes each, 0-255, row after row), at most 1,000 at a time. */
  testImages(indices: number[]): Promise<Uint8Array>;
  /**
   * Training images as the augmentation settings transform them: `count` originals and,
   * for each, `variants` augmented copies (28x28 bytes each, row after row).
   */
  previewAugmentation(settings: AugmentPreviewSettings): Promise<AugmentPreview>;
}
