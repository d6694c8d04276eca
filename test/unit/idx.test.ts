import { expect } from 'chai';
import { DatasetError, parseIdx } from '../../src/worker/data/idx.js';
import type { MnistFileSpec } from '../../src/worker/data/mnist-files.js';

const images: MnistFileSpec = { name: 'tiny-images', kind: 'images', count: 2 };
const labels: MnistFileSpec = { name: 'tiny-labels', kind: 'labels', count: 3 };

function idx(header: number[], payload: number[]): Uint8Array {
  const bytes = new Uint8Array(header.length * 4 + payload.length);
  const view = new DataView(bytes.buffer);
  header.forEach((value, i) => view.setUint32(i * 4, value));
  bytes.set(payload, header.length * 4);
  return bytes;
}

const pixels = (count: number) => Array.from({ length: count * 784 }, (_, i) => i % 256);

function expectFault(bytes: Uint8Array, spec: MnistFileSpec, fault: RegExp) {
  let caught: unknown;
  try {
    parseIdx(bytes, spec);
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(DatasetError);
  const error = caught as DatasetError;
  expect(error.file).to.equal(spec.name);
  expect(error.message).to.match(fault);
  expect(error.message.startsWith(`${spec.name}: `)).to.equal(true);
}

describe('parseIdx', () => {
  it('returns the pixels of a valid images file', () => {
    const items = parseIdx(idx([2051, 2, 28, 28], pixels(2)), images);
    expect(items.length).to.equal(2 * 784);
    expect(items[0]).to.equal(0);
    expect(items[300]).to.equal(300 % 256);
  });

  it('returns the labels of a valid labels file', () => {
    expect(Array.from(parseIdx(idx([2049, 3], [7, 0, 9]), labels))).to.deep.equal([7, 0, 9]);
  });

  it('names a file shorter than its header', () => {
    expectFault(new Uint8Array(10), images, /10 bytes, shorter than its 16-byte IDX header/);
  });

  it('names a wrong magic number', () => {
    expectFault(idx([2049, 2, 28, 28], pixels(2)), images, /magic number is 2049, expected 2051 for images/);
    expectFault(idx([2051, 3], [1, 2, 3]), labels, /magic number is 2051, expected 2049 for labels/);
  });

  it('names a wrong item count', () => {
    expectFault(idx([2051, 3, 28, 28], pixels(2)), images, /holds 3 items, expected 2/);
  });

  it('names images that are not 28x28', () => {
    expectFault(idx([2051, 2, 32, 28], pixels(2)), images, /images are 32x28, expected 28x28/);
  });

  it('names a truncated file and one with trailing bytes', () => {
    expectFault(
      idx([2051, 2, 28, 28], pixels(2).slice(1)),
      images,
      /is 1583 bytes, expected exactly 1584 \(truncated\)/,
    );
    expectFault(idx([2049, 3], [1, 2, 3, 4]), labels, /is 12 bytes, expected exactly 11 \(trailing bytes\)/);
  });

  it('names a label outside 0-9 and where it is', () => {
    expectFault(idx([2049, 3], [1, 12, 3]), labels, /label 12 at item 1 is outside 0-9/);
  });
});
