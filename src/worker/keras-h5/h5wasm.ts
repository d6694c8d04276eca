// h5wasm, loaded on first use: HDF5's C library in WebAssembly (about 4 MB, the binary
// inside its script), so only an .h5 export or import fetches its chunk. A file lives in
// its in-memory file system for one call and is always removed after it.
import type { File as H5File } from 'h5wasm';

type H5wasm = (typeof import('h5wasm'))['default'];

/** The part of Emscripten's FS that h5wasm's files go through. */
interface MemoryFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}

let loading: Promise<{ h5: H5wasm; fs: MemoryFs }> | undefined;

function h5wasm(): Promise<{ h5: H5wasm; fs: MemoryFs }> {
  loading ??= import('h5wasm').then(
    async ({ default: h5 }) => ({ h5, fs: (await h5.ready).FS as unknown as MemoryFs }),
    (error: unknown) => {
      loading = undefined; // a chunk that did not load is asked for again next time
      throw new Error('The HDF5 reader could not load.', { cause: error });
    },
  );
  return loading;
}

const uniquePath = () => `/keras-${crypto.randomUUID()}.h5`;

/** Opens the bytes read-only for `read`; throws `unopened` when HDF5 cannot open them. */
export async function readH5<T>(bytes: Uint8Array, unopened: string, read: (file: H5File) => T): Promise<T> {
  const { h5, fs } = await h5wasm();
  const path = uniquePath();
  fs.writeFile(path, bytes);
  let file: H5File | undefined;
  try {
    try {
      file = new h5.File(path, 'r');
    } catch (error) {
      throw new Error(unopened, { cause: error });
    }
    return read(file);
  } finally {
    file?.close();
    fs.unlink(path);
  }
}

/** The bytes of a new HDF5 file that `write` fills. */
export async function writeH5(write: (file: H5File) => void): Promise<Uint8Array> {
  const { h5, fs } = await h5wasm();
  const path = uniquePath();
  let file: H5File | undefined;
  try {
    file = new h5.File(path, 'w');
    write(file);
    file.close();
    file = undefined;
    return fs.readFile(path);
  } finally {
    file?.close();
    try {
      fs.unlink(path);
    } catch {
      // never created: nothing to remove
    }
  }
}
