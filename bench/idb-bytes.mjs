// @ts-check
// Counts the bytes a realm (page or worker) reads from and writes to IndexedDB, for the
// storage benchmark: put/add/update count the value handed in, get/getAll and cursors
// the values handed back. Sizes are structured sizes (a buffer's or a typed array's
// bytes, a string's characters, 8 a number, keys included), the same before and after.
// The benchmark prepends this to the built workers' scripts as it serves them: nothing of
// it is in the app's bundles.

/** Patches IndexedDB in the realm it runs in; reports running totals on `channelName`. */
export function countIndexedDbBytes(channelName) {
  const realm = typeof self.name === 'string' && self.name ? self.name : 'page';
  const totals = { read: 0, written: 0, reads: 0, writes: 0 };
  const channel = new BroadcastChannel(channelName);
  /** @param {unknown} value */
  const size = (value) => {
    if (value === null || value === undefined) return 0;
    if (value instanceof ArrayBuffer) return value.byteLength;
    if (ArrayBuffer.isView(value)) return value.byteLength;
    if (typeof value === 'string') return value.length;
    if (typeof value === 'number') return 8;
    if (typeof value === 'boolean') return 1;
    if (value instanceof Blob) return value.size;
    if (Array.isArray(value)) return value.reduce((sum, item) => sum + size(item), 0);
    if (typeof value === 'object') {
      return Object.entries(value).reduce((sum, [key, item]) => sum + key.length + size(item), 0);
    }
    return 0;
  };
  const report = () => channel.postMessage({ realm, ...totals });
  /** @param {number} bytes */
  const wrote = (bytes) => {
    totals.written += bytes;
    totals.writes++;
    report();
  };
  /** @param {IDBRequest} request */
  const onRead = (request) =>
    request.addEventListener('success', () => {
      const result = request.result;
      totals.read += result instanceof IDBCursorWithValue ? size(result.value) : size(result);
      totals.reads++;
      report();
    });
  for (const Kind of [IDBObjectStore, IDBIndex]) {
    const proto = /** @type {any} */ (Kind.prototype);
    for (const name of ['get', 'getAll', 'openCursor']) {
      const original = proto[name];
      proto[name] = function (/** @type {unknown[]} */ ...args) {
        const request = original.apply(this, args);
        onRead(request);
        return request;
      };
    }
  }
  const store = /** @type {any} */ (IDBObjectStore.prototype);
  for (const name of ['put', 'add']) {
    const original = store[name];
    store[name] = function (/** @type {unknown} */ value, /** @type {unknown[]} */ ...rest) {
      wrote(size(value));
      return original.call(this, value, ...rest);
    };
  }
  const cursor = /** @type {any} */ (IDBCursor.prototype);
  const update = cursor.update;
  cursor.update = function (/** @type {unknown} */ value) {
    wrote(size(value));
    return update.call(this, value);
  };
}
