// After Rollup: writes the precache manifest into the service worker with workbox-build's
// injectManifest, and fails the build when a file the app needs would be left out
// (Workbox itself only warns, e.g. for files over maximumFileSizeToCacheInBytes).
// Prints what is precached and its size. DIST as for rollup.config.mjs.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { getManifest, injectManifest } from 'workbox-build';

const dist = process.env.DIST || 'dist';
const SW = 'sw.js';

const options = {
  globDirectory: dist,
  globPatterns: ['**/*.{html,js,css,svg,png,webmanifest,wasm}', 'data/*.gz', 'data/mnist.json'],
  globIgnores: ['**/node_modules/**/*', SW],
  // MNIST's training images are 9.8 MB gzipped: over Workbox's 2 MiB default, which would
  // drop them with only a warning.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
};

/** Everything the build put in dist that a page or worker can ask for: all but the service worker and source maps. */
async function neededFiles() {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => file !== SW && !file.endsWith('.map'));
}

function fail(message) {
  console.error(`precache: ${message}`);
  process.exit(1);
}

const { manifestEntries, warnings } = await getManifest(options);
if (warnings.length > 0) fail(`Workbox warned, and a warning here means a file left out:\n${warnings.join('\n')}`);
const listed = new Set(manifestEntries.map((entry) => entry.url));
const missing = (await neededFiles()).filter((file) => !listed.has(file));
if (missing.length > 0) fail(`these files in ${dist} would not be precached: ${missing.join(', ')}`);

const swPath = join(dist, SW);
const result = await injectManifest({ ...options, swSrc: swPath, swDest: swPath });
if (result.warnings.length > 0) fail(result.warnings.join('\n'));

const sizes = await Promise.all(
  manifestEntries.map(async (entry) => ({ url: entry.url, bytes: (await stat(join(dist, entry.url))).size })),
);
for (const { url, bytes } of sizes.sort((a, b) => b.bytes - a.bytes)) {
  console.log(`${String(bytes).padStart(10)}  ${url}`);
}
console.log(`precache: ${result.count} files, ${result.size} bytes, written into ${swPath}`);
