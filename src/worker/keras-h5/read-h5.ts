// A Keras .h5 read into plain values, checked on the way: the HDF5 signature and the
// length its superblock declares before HDF5 opens it, no soft or external links, and
// only what model_weights' and optimizer_weights' name lists point to, as numbers.
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { megabytes } from '../storage/json-file.js';
import { readH5 } from './h5wasm.js';

/** The notebook's .h5 is 2.9 MB with Adam's state. */
export const MAX_H5_BYTES = 20_000_000;

export interface StoredArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasFileContents {
  modelConfig: string;
  trainingConfig: string | undefined;
  /** Each layer group's weights, in its weight_names order. */
  layerWeights: Map<string, StoredArray[]>;
  /** optimizer_weights in its weight_names order (the step count as one value). */
  optimizerWeights: StoredArray[];
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Where HDF5's signature is: at 0, 512, 1024, 2048... (after a user block). */
function signatureAt(bytes: Uint8Array): number | undefined {
  for (let at = 0; at + 64 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((byte, i) => bytes[at + i] === byte)) return at;
  }
  return undefined;
}

/** The file's length as its superblock declares it (base address + end of file address). */
function declaredLength(bytes: Uint8Array, at: number): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[at + 8];
  // Superblock versions 0 and 1 list the addresses after 24 (28) bytes, 2 and 3 after 12.
  const [offsetSize, addresses] =
    version === 0 || version === 1 ? [bytes[at + 13], at + (version === 0 ? 24 : 28)] : [bytes[at + 9], at + 12];
  if (version > 3 || (offsetSize !== 4 && offsetSize !== 8) || addresses + 3 * offsetSize > bytes.length) {
    return undefined;
  }
  const address = (i: number) =>
    offsetSize === 8
      ? Number(view.getBigUint64(addresses + i * offsetSize, true))
      : view.getUint32(addresses + i * offsetSize, true);
  return address(0) + address(2);
}

/** h5wasm's name for what an entity is ('Group', 'Dataset', 'ExternalLink'...). */
export const kindOf = (entity: unknown): string | undefined =>
  typeof entity === 'object' && entity !== null && 'type' in entity ? String(entity.type) : undefined;

/** Strings from an attribute that Keras writes as one string or a list (an empty list reads as numbers). */
function stringsOf(group: Group, name: string): string[] | undefined {
  const value = group.attrs[name]?.value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (ArrayBuffer.isView(value) && (value as { length: number }).length === 0) return [];
  throw new Error(`The attribute "${name}" of ${group.path} is not a list of names.`);
}

function stringOf(group: Group, name: string): string | undefined {
  const value = group.attrs[name]?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Refuses soft and external links anywhere, and more objects than a model has. */
function refuseLinks(group: Group, budget = { left: 10_000 }): void {
  for (const key of group.keys()) {
    const path = `${group.path === '/' ? '' : group.path}/${key}`;
    if (--budget.left < 0) throw new Error('It holds more objects than a Keras model of this app.');
    if (group.get_link(path) !== null) throw new Error(`It has a soft link at ${path}: this app follows no links.`);
    const entity = group.get(path);
    if (kindOf(entity) === 'ExternalLink') {
      throw new Error(`It has a link to another file at ${path}: this app follows no links.`);
    }
    if (kindOf(entity) === 'Group') refuseLinks(entity as Group, budget);
  }
}

/** A dataset's numbers as float32 (the step count is an int32 or int64 scalar). */
function arrayAt(file: H5File, path: string, name: string): StoredArray {
  const entity = file.get(path);
  if (kindOf(entity) !== 'Dataset') throw new Error(`It names the weight "${name}", but has no dataset at ${path}.`);
  const dataset = entity as Dataset;
  const value = dataset.value;
  let values: Float32Array;
  if (typeof value === 'number' || typeof value === 'bigint') values = Float32Array.of(Number(value));
  else if (value instanceof Float32Array) values = value;
  else if (value instanceof Float64Array || value instanceof Int32Array) values = Float32Array.from(value);
  else if (value instanceof BigInt64Array) values = Float32Array.from(value, Number);
  else throw new Error(`The weight "${name}" at ${path} is not numbers.`);
  return { name, shape: dataset.shape ?? [], values };
}

/** Reads and checks a chosen .h5; every refusal says what is wrong with it. */
export async function readKerasFile(file: File): Promise<KerasFileContents> {
  if (file.size > MAX_H5_BYTES) {
    throw new Error(`It is ${megabytes(file.size)}: over 20 MB is not a model of this app.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const at = signatureAt(bytes);
  if (at === undefined) throw new Error('It is not an HDF5 file (no HDF5 signature): is it a Keras .h5?');
  const declared = declaredLength(bytes, at);
  if (declared !== undefined && declared > bytes.length) {
    throw new Error(`It is cut off: ${bytes.length} bytes of the ${declared} its header declares.`);
  }
  return readH5(bytes, 'HDF5 cannot open it: the file is damaged.', (h5) => {
    refuseLinks(h5);
    const modelConfig = stringOf(h5, 'model_config');
    if (modelConfig === undefined) {
      throw new Error('It has no model_config: it holds weights alone, not a whole Keras model.');
    }
    const weightsGroup = h5.get('model_weights');
    if (kindOf(weightsGroup) !== 'Group') throw new Error('It has no model_weights group.');
    const layerWeights = new Map<string, StoredArray[]>();
    for (const layer of stringsOf(weightsGroup as Group, 'layer_names') ?? []) {
      const group = h5.get(`model_weights/${layer}`);
      if (kindOf(group) !== 'Group') throw new Error(`Its layer_names list "${layer}", which model_weights lacks.`);
      const names = stringsOf(group as Group, 'weight_names') ?? [];
      layerWeights.set(
        layer,
        names.map((name) => arrayAt(h5, `model_weights/${layer}/${name}`, name)),
      );
    }
    const optimizerGroup = h5.get('optimizer_weights');
    const optimizerNames =
      kindOf(optimizerGroup) === 'Group' ? (stringsOf(optimizerGroup as Group, 'weight_names') ?? []) : [];
    return {
      modelConfig,
      trainingConfig: stringOf(h5, 'training_config'),
      layerWeights,
      optimizerWeights: optimizerNames.map((name) => arrayAt(h5, `optimizer_weights/${name}`, name)),
    };
  });
}
