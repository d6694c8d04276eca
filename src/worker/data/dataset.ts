// MNIST for the trainer: from IndexedDB when cached, else fetched from this origin
// (gzipped IDX files placed by the build), decompressed with DecompressionStream,
// validated in full, and cached in one transaction.
import type { DatasetInfo, DatasetProgress } from '../../protocol/data.js';
import { DatasetCache, DATASET_SCHEMA_VERSION, type StoredFile } from './dataset-cache.js';
import { DatasetError, idxLayout, parseIdx } from './idx.js';
import {
  MANIFEST_NAME,
  MNIST_FILES,
  TEST_IMAGES,
  TEST_LABELS,
  TRAIN_IMAGES,
  TRAIN_LABELS,
  type Manifest,
  type ManifestFile,
  type MnistFileSpec,
} from './mnist-files.js';

export interface MnistPart {
  /** count x 784 pixels, 0-255, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Mnist {
  train: MnistPart;
  test: MnistPart;
  info: DatasetInfo;
}

export interface LoadOptions {
  /** Where mnist.json and the .gz files are served. */
  baseUrl: string | URL;
  dbName?: string;
  onProgress?: (progress: DatasetProgress) => void;
}

const TOTAL_ITEMS = MNIST_FILES.reduce((sum, spec) => sum + spec.count, 0);
const PROGRESS_INTERVAL_MS = 100;

export async function loadMnist(options: LoadOptions): Promise<Mnist> {
  const started = performance.now();
  const cache = await DatasetCache.open(options.dbName);
  try {
    const cached = await cache.read(MNIST_FILES.map((spec) => spec.name));
    if (cached) {
      options.onProgress?.(progress('cache', 0, 0, 0));
      try {
        return assemble({ files: cached.files, checksum: cached.meta.checksum }, 'cache', 0, started);
      } catch {
        // A damaged cache is not the user's problem: drop it and fetch again.
        await cache.clear();
      }
    }

    const { files, manifest, fetchedBytes, fromDevice } = await fetchAll(options);
    options.onProgress?.(progress('store', fetchedBytes, fetchedBytes, TOTAL_ITEMS));
    let cacheError: string | undefined;
    try {
      await cache.write(
        {
          schemaVersion: DATASET_SCHEMA_VERSION,
          checksum: manifest.checksum,
          source: manifest.source,
          storedAt: Date.now(),
        },
        files,
      );
    } catch (error) {
      // Training can go on from memory; the next visit fetches again.
      cacheError = `MNIST could not be cached in IndexedDB: ${describe(error)}`;
    }
    const source = fromDevice ? 'offline-copy' : 'network';
    const mnist = assemble({ files, checksum: manifest.checksum }, source, fetchedBytes, started);
    if (cacheError) mnist.info.cacheError = cacheError;
    return mnist;
  } finally {
    cache.close();
  }
}

interface VerifiedFiles {
  files: StoredFile[];
  checksum: string;
}

function assemble(
  verified: VerifiedFiles,
  source: DatasetInfo['source'],
  fetchedBytes: number,
  started: number,
): Mnist {
  const byName = new Map(verified.files.map((file) => [file.name, file.bytes]));
  const part = (images: MnistFileSpec, labels: MnistFileSpec): MnistPart => ({
    images: parseIdx(byName.get(images.name)!, images),
    labels: parseIdx(byName.get(labels.name)!, labels),
    count: images.count,
  });
  const train = part(TRAIN_IMAGES, TRAIN_LABELS);
  const test = part(TEST_IMAGES, TEST_LABELS);
  return {
    train,
    test,
    info: {
      source,
      trainCount: train.count,
      testCount: test.count,
      checksum: verified.checksum,
      fetchedBytes,
      rawBytes: verified.files.reduce((sum, file) => sum + file.bytes.byteLength, 0),
      millis: Math.round(performance.now() - started),
    },
  };
}

async function fetchAll(
  options: LoadOptions,
): Promise<{ files: StoredFile[]; manifest: Manifest; fetchedBytes: number; fromDevice: boolean }> {
  const manifestUrl = new URL(MANIFEST_NAME, options.baseUrl);
  const manifest = checkManifest(await fetchJson(manifestUrl));
  const entries = MNIST_FILES.map((spec) => {
    const entry = manifest.files.find((file) => file.name === spec.name);
    if (!entry) throw new DatasetError(MANIFEST_NAME, `lists no entry for ${spec.name}`);
    if (entry.bytes !== idxLayout(spec).totalBytes) {
      throw new DatasetError(
        MANIFEST_NAME,
        `says ${spec.name} is ${entry.bytes} bytes, expected ${idxLayout(spec).totalBytes}`,
      );
    }
    return { spec, entry };
  });

  const totalBytes = entries.reduce((sum, { entry }) => sum + entry.gzipBytes, 0);
  const loaded = new Map<string, { bytes: number; items: number }>();
  let lastReport = 0;
  const report = (force = false): void => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    let bytes = 0;
    let items = 0;
    for (const counts of loaded.values()) {
      bytes += counts.bytes;
      items += counts.items;
    }
    options.onProgress?.(progress('download', bytes, totalBytes, items));
  };
  report(true);

  const controller = new AbortController();
  const files = await Promise.all(
    entries.map(async ({ spec, entry }) => {
      const url = new URL(entry.url, manifestUrl);
      const bytes = await download(url, spec, entry, controller.signal, (counts) => {
        loaded.set(spec.name, counts);
        report();
      });
      return { spec, entry, bytes, url };
    }),
  ).catch((error: unknown) => {
    controller.abort();
    throw error;
  });
  report(true);

  options.onProgress?.(progress('verify', totalBytes, totalBytes, TOTAL_ITEMS));
  const stored: StoredFile[] = [];
  for (const { spec, entry, bytes } of files) {
    parseIdx(bytes, spec);
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== entry.sha256) {
      throw new DatasetError(spec.name, `checksum mismatch: SHA-256 is ${sha256}, the manifest says ${entry.sha256}`);
    }
    stored.push({ name: spec.name, bytes, sha256 });
  }
  const fromDevice = files.every(({ url }) => fromCacheStorage(url));
  return { files: stored, manifest, fetchedBytes: totalBytes, fromDevice };
}

/**
 * Whether a service worker answered this URL's fetch from Cache Storage (the precache).
 * Chromium's Resource Timing says so in `deliveryType`; where it cannot tell, say nothing.
 */
function fromCacheStorage(url: URL): boolean {
  const entry = performance.getEntriesByName(url.href, 'resource').at(-1) as
    (PerformanceResourceTiming & { deliveryType?: string }) | undefined;
  return entry?.deliveryType === 'cache-storage';
}

async function fetchJson(url: URL): Promise<unknown> {
  const response = await fetchOrFail(url, MANIFEST_NAME);
  try {
    return await response.json();
  } catch (error) {
    throw new DatasetError(MANIFEST_NAME, `is not valid JSON (${describe(error)})`);
  }
}

function checkManifest(value: unknown): Manifest {
  const manifest = value as Partial<Manifest> | null;
  const fileOk = (file: Partial<ManifestFile>): boolean =>
    typeof file.name === 'string' &&
    typeof file.url === 'string' &&
    typeof file.sha256 === 'string' &&
    Number.isInteger(file.bytes) &&
    Number.isInteger(file.gzipBytes);
  if (
    !manifest ||
    typeof manifest.checksum !== 'string' ||
    typeof manifest.source !== 'string' ||
    !Array.isArray(manifest.files) ||
    !manifest.files.every(fileOk)
  ) {
    throw new DatasetError(MANIFEST_NAME, 'is not a dataset manifest (needs source, checksum and files)');
  }
  return manifest as Manifest;
}

async function fetchOrFail(url: URL, file: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    // IndexedDB keeps the one copy; the HTTP cache need not hold a second.
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (error) {
    throw new DatasetError(file, `could not be fetched from ${url.pathname} (${describe(error)})`);
  }
  if (!response.ok) {
    const what = response.status === 404 ? 'not found' : 'not served';
    throw new DatasetError(file, `${what} at ${url.pathname} (HTTP ${response.status})`);
  }
  return response;
}

/** Streams one gzipped file into a buffer of exactly its expected size. */
async function download(
  url: URL,
  spec: MnistFileSpec,
  entry: ManifestFile,
  signal: AbortSignal,
  onCounts: (counts: { bytes: number; items: number }) => void,
): Promise<Uint8Array> {
  const gzName = `${spec.name}.gz`;
  const response = await fetchOrFail(url, gzName, signal);
  if (!response.body) throw new DatasetError(gzName, 'arrived with no body');
  const { headerBytes, itemBytes } = idxLayout(spec);
  const out = new Uint8Array(entry.bytes);
  let received = 0;
  let written = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const reader = response.body
    .pipeThrough(counter)
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (written + value.byteLength > out.byteLength) {
        throw new DatasetError(spec.name, `is longer than the expected ${out.byteLength} bytes`);
      }
      out.set(value, written);
      written += value.byteLength;
      onCounts({ bytes: received, items: Math.max(0, Math.floor((written - headerBytes) / itemBytes)) });
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    if (signal.aborted) throw new DatasetError(gzName, 'download cancelled after another file failed');
    throw new DatasetError(gzName, `is cut off or not valid gzip after ${received} bytes (${describe(error)})`);
  }
  if (written !== out.byteLength) {
    throw new DatasetError(spec.name, `is truncated: ${written} of ${out.byteLength} bytes`);
  }
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function progress(
  phase: DatasetProgress['phase'],
  loadedBytes: number,
  totalBytes: number,
  items: number,
): DatasetProgress {
  return { phase, loadedBytes, totalBytes, items, totalItems: TOTAL_ITEMS };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
