// MNIST's bytes in IndexedDB. Every write is one transaction, so a failed or
// interrupted write leaves the previous state (or nothing), never half a dataset.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** Bump when the stored shape changes: the upgrade drops the old stores. */
export const DATASET_SCHEMA_VERSION = 1;
export const DEFAULT_DATASET_DB = 'mnist-dataset';

export interface StoredFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface StoredMeta {
  schemaVersion: number;
  /** The manifest's checksum of the source files. */
  checksum: string;
  source: string;
  storedAt: number;
}

interface DatasetDB extends DBSchema {
  files: { key: string; value: StoredFile };
  meta: { key: string; value: StoredMeta };
}

const META_KEY = 'dataset';

export class DatasetCache {
  private constructor(private readonly db: IDBPDatabase<DatasetDB>) {}

  static async open(name = DEFAULT_DATASET_DB): Promise<DatasetCache> {
    const db = await openDB<DatasetDB>(name, DATASET_SCHEMA_VERSION, {
      upgrade(database) {
        for (const store of Array.from(database.objectStoreNames)) database.deleteObjectStore(store);
        database.createObjectStore('files', { keyPath: 'name' });
        database.createObjectStore('meta');
      },
    });
    return new DatasetCache(db);
  }

  /** The complete stored dataset, or undefined when there is none. */
  async read(names: readonly string[]): Promise<{ meta: StoredMeta; files: StoredFile[] } | undefined> {
    const tx = this.db.transaction(['meta', 'files'], 'readonly');
    const meta = await tx.objectStore('meta').get(META_KEY);
    if (!meta || meta.schemaVersion !== DATASET_SCHEMA_VERSION) return undefined;
    const files = await Promise.all(names.map((name) => tx.objectStore('files').get(name)));
    await tx.done;
    return files.every((file) => file !== undefined) ? { meta, files } : undefined;
  }

  /** Replaces the stored dataset in one transaction; the meta record goes last. */
  async write(meta: StoredMeta, files: readonly StoredFile[]): Promise<void> {
    const tx = this.db.transaction(['meta', 'files'], 'readwrite');
    await Promise.all([
      tx.objectStore('meta').clear(),
      tx.objectStore('files').clear(),
      ...files.map((file) => tx.objectStore('files').put(file)),
      tx.objectStore('meta').put(meta, META_KEY),
      tx.done,
    ]);
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['meta', 'files'], 'readwrite');
    await Promise.all([tx.objectStore('meta').clear(), tx.objectStore('files').clear(), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}
