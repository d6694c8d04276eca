// Parser for the IDX format MNIST ships in (big-endian header, then raw bytes).
import type { MnistFileSpec } from './mnist-files.js';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../../shared/mnist.js';

const IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
const LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension

/** A dataset fault, named by file: the message says which file and what is wrong. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
  ) {
    super(`${file}: ${fault}`);
    this.name = 'DatasetError';
  }
}

export function idxLayout(spec: MnistFileSpec): { headerBytes: number; itemBytes: number; totalBytes: number } {
  const headerBytes = spec.kind === 'images' ? 16 : 8;
  const itemBytes = spec.kind === 'images' ? IMAGE_PIXELS : 1;
  return { headerBytes, itemBytes, totalBytes: headerBytes + spec.count * itemBytes };
}

/**
 * Validates a whole IDX file against its spec and returns its items (pixels or labels)
 * as a view into `bytes`. Throws a DatasetError naming the file and the fault.
 */
export function parseIdx(bytes: Uint8Array, spec: MnistFileSpec): Uint8Array {
  const fail = (fault: string): DatasetError => new DatasetError(spec.name, fault);
  const { headerBytes, totalBytes } = idxLayout(spec);
  if (bytes.byteLength < headerBytes) {
    throw fail(`is ${bytes.byteLength} bytes, shorter than its ${headerBytes}-byte IDX header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = spec.kind === 'images' ? IMAGES_MAGIC : LABELS_MAGIC;
  if (magic !== expectedMagic) {
    throw fail(`IDX magic number is ${magic}, expected ${expectedMagic} for ${spec.kind}`);
  }
  const count = view.getUint32(4);
  if (count !== spec.count) throw fail(`holds ${count} items, expected ${spec.count}`);
  if (spec.kind === 'images') {
    const rows = view.getUint32(8);
    const cols = view.getUint32(12);
    if (rows !== IMAGE_SIDE || cols !== IMAGE_SIDE) {
      throw fail(`images are ${rows}x${cols}, expected ${IMAGE_SIDE}x${IMAGE_SIDE}`);
    }
  }
  if (bytes.byteLength !== totalBytes) {
    const why = bytes.byteLength < totalBytes ? 'truncated' : 'trailing bytes';
    throw fail(`is ${bytes.byteLength} bytes, expected exactly ${totalBytes} (${why})`);
  }
  const items = bytes.subarray(headerBytes);
  if (spec.kind === 'labels') {
    const bad = items.findIndex((label) => label > 9);
    if (bad >= 0) throw fail(`label ${items[bad]} at item ${bad} is outside 0-9`);
  }
  return items;
}
