import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from 'chai';
import { deleteDB, openDB } from 'idb';
import { DatasetCache, type StoredFile } from '../../src/worker/data/dataset-cache.js';
import { loadMnist } from '../../src/worker/data/dataset.js';
import { DatasetError } from '../../src/worker/data/idx.js';
import { MNIST_FILES } from '../../src/worker/data/mnist-files.js';
import type { DatasetProgress } from '../../src/protocol/data.js';

const DB = 'test-mnist-dataset';
const at = (variant: string) => new URL(`/mnist-fixtures/${variant}/`, location.href);
const requests = (variant: string) =>
  executeServerCommand<number, { case: string }>('mnist-fixture-requests', { case: variant });

async function storedFileCount(): Promise<number> {
  const db = await openDB(DB);
  try {
    return db.objectStoreNames.contains('files') ? await db.count('files') : 0;
  } finally {
    db.close();
  }
}

async function expectLoadFailure(variant: string, file: string, fault: RegExp) {
  let caught: unknown;
  try {
    await loadMnist({ baseUrl: at(variant), dbName: DB });
  } catch (error) {
    caught = error;
  }
  expect(caught, `${variant} should fail`).to.be.instanceOf(DatasetError);
  expect((caught as DatasetError).file).to.equal(file);
  expect((caught as Error).message).to.match(fault);
  expect(await storedFileCount(), 'nothing stored').to.equal(0);
}

describe('loadMnist', () => {
  beforeEach(() => deleteDB(DB));
  after(() => deleteDB(DB));

  it('fetches, verifies and caches the real MNIST, then loads it from IndexedDB with no request', async () => {
    const reports: DatasetProgress[] = [];
    const first = await loadMnist({ baseUrl: at('good'), dbName: DB, onProgress: (p) => reports.push(p) });
    expect(first.info.source).to.equal('network');
    expect(first.train.count).to.equal(60_000);
    expect(first.test.count).to.equal(10_000);
    expect(first.train.images.length).to.equal(60_000 * 784);
    expect(first.test.labels.length).to.equal(10_000);
    // The first training label of MNIST is a 5, the first test label a 7.
    expect(first.train.labels[0]).to.equal(5);
    expect(first.test.labels[0]).to.equal(7);
    const downloads = reports.filter((r) => r.phase === 'download');
    expect(downloads.length).to.be.greaterThan(1);
    expect(downloads.at(-1)).to.include({ loadedBytes: first.info.fetchedBytes, items: 140_000, totalItems: 140_000 });
    expect(reports.map((r) => r.phase)).to.include.members(['verify', 'store']);
    expect(await storedFileCount()).to.equal(4);

    const before = await requests('good');
    const second = await loadMnist({ baseUrl: at('good'), dbName: DB });
    expect(await requests('good')).to.equal(before);
    expect(second.info.source).to.equal('cache');
    expect(second.info.checksum).to.equal(first.info.checksum);
    expect(second.train.images).to.deep.equal(first.train.images);
    expect(second.test.labels).to.deep.equal(first.test.labels);
  });

  it('names a missing file and stores nothing', async () => {
    await expectLoadFailure(
      'missing',
      't10k-labels-idx1-ubyte.gz',
      /not found at \/mnist-fixtures\/missing\/t10k-labels-idx1-ubyte\.gz \(HTTP 404\)/,
    );
  });

  it('names a cut-off gzip file and stores nothing', async () => {
    await expectLoadFailure('cut-gzip', 'train-labels-idx1-ubyte.gz', /is cut off or not valid gzip/);
  });

  it('names a wrong magic number and stores nothing', async () => {
    await expectLoadFailure('wrong-magic', 't10k-images-idx3-ubyte', /IDX magic number is 2049, expected 2051/);
  });

  it('names a label outside 0-9 and stores nothing', async () => {
    await expectLoadFailure('bad-label', 'train-labels-idx1-ubyte', /label 10 at item 5 is outside 0-9/);
  });

  it('names a file shorter than its manifest says and stores nothing', async () => {
    await expectLoadFailure('short-file', 't10k-labels-idx1-ubyte', /is truncated: 9908 of 10008 bytes/);
  });

  it('names a checksum mismatch and stores nothing', async () => {
    await expectLoadFailure('checksum', 't10k-labels-idx1-ubyte', /checksum mismatch/);
  });

  it('names a manifest that is not JSON', async () => {
    await expectLoadFailure('bad-manifest', 'mnist.json', /is not valid JSON/);
  });

  it('names a manifest that is JSON but not a manifest', async () => {
    await expectLoadFailure(
      'not-manifest',
      'mnist.json',
      /^mnist\.json: is not a dataset manifest \(needs source, checksum and files\)$/,
    );
  });

  it('names a manifest that leaves out a file, or gives it the wrong size', async () => {
    await expectLoadFailure(
      'manifest-no-entry',
      'mnist.json',
      /^mnist\.json: lists no entry for t10k-labels-idx1-ubyte$/,
    );
    await expectLoadFailure(
      'manifest-wrong-size',
      'mnist.json',
      /^mnist\.json: says t10k-labels-idx1-ubyte is 10009 bytes, expected 10008$/,
    );
  });

  it('names a file longer than its manifest says and stores nothing', async () => {
    await expectLoadFailure('long-file', 't10k-labels-idx1-ubyte', /is longer than the expected 10008 bytes/);
  });

  it('starts clean after a failure', async () => {
    await expectLoadFailure('bad-label', 'train-labels-idx1-ubyte', /outside 0-9/);
    const mnist = await loadMnist({ baseUrl: at('good'), dbName: DB });
    expect(mnist.info.source).to.equal('network');
    expect(await storedFileCount()).to.equal(4);
  });

  it('drops a damaged cache and fetches again', async () => {
    await loadMnist({ baseUrl: at('good'), dbName: DB });
    const db = await openDB(DB);
    const stored = (await db.get('files', MNIST_FILES[0].name)) as StoredFile;
    await db.put('files', { ...stored, bytes: stored.bytes.subarray(0, 1000) });
    db.close();
    const before = await requests('good');
    const mnist = await loadMnist({ baseUrl: at('good'), dbName: DB });
    expect(mnist.info.source).to.equal('network');
    expect(await requests('good')).to.be.greaterThan(before);
    const cache = await DatasetCache.open(DB);
    const reread = await cache.read(MNIST_FILES.map((spec) => spec.name));
    cache.close();
    expect(reread?.files[0].bytes.length).to.equal(47_040_016);
  });
});
