// What `auto` chooses by: training speeds measured on this device, remembered in
// IndexedDB so the measurement (a few seconds; longer where shaders compile) runs once.
import { openDB, type DBSchema } from 'idb';
import type { BackendMeasurement } from '../../protocol/backends.js';

const DB_NAME = 'mnist-device';
const STORE = 'backend-speeds';
/**
 * `training`: what `auto` measured (every backend). `wasm-threads`: wasm's thread counts
 * alone, measured for a run on wasm chosen by hand before `auto` ever measured.
 */
export type MeasurementKind = 'training' | 'wasm-threads';

interface DeviceDB extends DBSchema {
  'backend-speeds': { key: string; value: BackendMeasurement };
}

function database() {
  return openDB<DeviceDB>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });
}

/**
 * What the speeds depend on besides the hardware: the browser build, the cores, and
 * cross-origin isolation (wasm threads). A measurement taken under another one is stale.
 */
export function deviceKey(): string {
  return [navigator.userAgent, navigator.hardwareConcurrency, self.crossOriginIsolated].join(' | ');
}

/** The remembered measurement, if it was taken on this device as it is now. */
export async function loadMeasurement(kind: MeasurementKind = 'training'): Promise<BackendMeasurement | undefined> {
  const db = await database();
  try {
    const stored = await db.get(STORE, kind);
    return stored?.device === deviceKey() ? stored : undefined;
  } finally {
    db.close();
  }
}

export async function saveMeasurement(
  measurement: BackendMeasurement,
  kind: MeasurementKind = 'training',
): Promise<void> {
  const db = await database();
  try {
    await db.put(STORE, measurement, kind);
  } finally {
    db.close();
  }
}
