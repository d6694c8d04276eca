// The training form's fields, shared by the page (form and URL query) and the trainer
// worker (which re-validates whatever it is sent). Plain data: no DOM, no tfjs.

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const MONITOR_CHOICES = ['val_loss', 'val_accuracy'] as const;
export type Monitor = (typeof MONITOR_CHOICES)[number];

/**
 * When a run's BatchNorm moving statistics are recomputed over the training images at its
 * end: after runs too short for the moving averages to settle (the default), always, or
 * never (as Keras leaves them).
 */
export const BATCH_NORM_STATISTICS_CHOICES = ['short-runs', 'always', 'never'] as const;
export type BatchNormStatistics = (typeof BATCH_NORM_STATISTICS_CHOICES)[number];

/** MNIST's training file holds this many images; `limit` cannot exceed it. */
export const MNIST_TRAIN_COUNT = 60_000;

/** Keras' ImageDataGenerator ranges, as augmentation, its preview and the form use them. */
export interface AugmentationSettings {
  /** Degrees: the angle is uniform in [-range, range]. */
  rotationRange: number;
  /** Zoom factors are uniform in [1 - range, 1 + range], drawn for x and y apart. */
  zoomRange: number;
  /** Fractions of the width and height: shifts are uniform in [-range, range]. */
  widthShiftRange: number;
  heightShiftRange: number;
}

/** The notebook's ImageDataGenerator. */
export const NOTEBOOK_AUGMENTATION: Readonly<AugmentationSettings> = {
  rotationRange: 10,
  zoomRange: 0.1,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
};

/** Whether these settings leave every image as it is. */
export function isIdentity(settings: AugmentationSettings): boolean {
  return (
    settings.rotationRange === 0 &&
    settings.zoomRange === 0 &&
    settings.widthShiftRange === 0 &&
    settings.heightShiftRange === 0
  );
}

/** The form's settings; with `augment`, the training batches go through AugmentationSettings. */
export interface TrainConfig extends AugmentationSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  backend: BackendChoice;
  validationSplit: number;
  seed: number;
  /** Use only the first N images of the training file, before the split. */
  limit: number;
  /** ImageDataGenerator-like augmentation of the training batches. */
  augment: boolean;
  /** Early stopping: what to watch, the least change that counts, epochs to wait. */
  monitor: Monitor;
  minDelta: number;
  patience: number;
  /** Recompute BatchNorm's moving statistics at the end (see BATCH_NORM_STATISTICS_CHOICES). */
  batchNormStatistics: BatchNormStatistics;
}

export type ConfigErrors = Partial<Record<keyof TrainConfig, string>>;

export const DEFAULT_CONFIG: Readonly<TrainConfig> = {
  epochs: 10,
  batchSize: 32, // Keras' default
  learningRate: 0.001, // Adam's default, as in the notebook
  backend: 'auto',
  validationSplit: 0.2,
  seed: 42,
  limit: MNIST_TRAIN_COUNT,
  augment: true,
  ...NOTEBOOK_AUGMENTATION,
  monitor: 'val_loss',
  minDelta: 0,
  patience: 20, // as the notebook
  batchNormStatistics: 'short-runs',
};

/** What a seed promises on each backend (test/workers/determinism.test.ts holds it). */
const SEED_HINT =
  'Weights, dropout, split, order and augmentation all follow it. The same seed trains the same model to ' +
  'the bit on wasm and cpu; on webgl and webgpu only nearly, as GPUs promise no bit-exact arithmetic.';

export type FieldGroup = 'training' | 'augmentation' | 'early-stopping';

interface FieldBase {
  group: FieldGroup;
  label: string;
  /** A line under the field: what it promises, where that is not obvious. */
  hint?: string;
}
interface NumberField extends FieldBase {
  kind: 'integer' | 'number';
  min: number;
  max: number;
  /** The lower bound itself is not allowed (learning rate, split). */
  minExclusive?: boolean;
  step: string;
}
interface ChoiceField extends FieldBase {
  kind: 'choice';
  choices: readonly string[];
}
/** true/false in the URL (also on/off, 1/0); a checkbox in the form. */
interface BooleanField extends FieldBase {
  kind: 'boolean';
}
export type FieldSpec = NumberField | ChoiceField | BooleanField;

/** Form order; the keys are also the URL query names. */
export const FIELDS: Readonly<Record<keyof TrainConfig, FieldSpec>> = {
  epochs: { kind: 'integer', group: 'training', label: 'Epochs', min: 1, max: 1000, step: '1' },
  batchSize: { kind: 'integer', group: 'training', label: 'Batch size', min: 1, max: 4096, step: '1' },
  learningRate: {
    kind: 'number',
    group: 'training',
    label: 'Learning rate',
    min: 0,
    max: 1,
    minExclusive: true,
    step: 'any',
  },
  backend: { kind: 'choice', group: 'training', label: 'Backend', choices: BACKEND_CHOICES },
  validationSplit: {
    kind: 'number',
    group: 'training',
    label: 'Validation split',
    min: 0,
    max: 0.9,
    minExclusive: true,
    step: 'any',
  },
  seed: {
    kind: 'integer',
    group: 'training',
    label: 'Seed',
    min: 0,
    max: 2 ** 32 - 1,
    step: '1',
    hint: SEED_HINT,
  },
  limit: {
    kind: 'integer',
    group: 'training',
    label: 'Limit (training images)',
    min: 2,
    max: MNIST_TRAIN_COUNT,
    step: '1',
  },
  augment: { kind: 'boolean', group: 'augmentation', label: 'Augment' },
  rotationRange: { kind: 'number', group: 'augmentation', label: 'Rotation (degrees)', min: 0, max: 180, step: 'any' },
  zoomRange: { kind: 'number', group: 'augmentation', label: 'Zoom', min: 0, max: 0.9, step: 'any' },
  widthShiftRange: { kind: 'number', group: 'augmentation', label: 'Width shift', min: 0, max: 1, step: 'any' },
  heightShiftRange: { kind: 'number', group: 'augmentation', label: 'Height shift', min: 0, max: 1, step: 'any' },
  monitor: { kind: 'choice', group: 'early-stopping', label: 'Monitor', choices: MONITOR_CHOICES },
  minDelta: { kind: 'number', group: 'early-stopping', label: 'Min delta', min: 0, max: 10, step: 'any' },
  patience: { kind: 'integer', group: 'early-stopping', label: 'Patience (epochs)', min: 0, max: 1000, step: '1' },
  batchNormStatistics: {
    kind: 'choice',
    group: 'training',
    label: 'Recompute BatchNorm statistics',
    choices: BATCH_NORM_STATISTICS_CHOICES,
    hint:
      "At the run's end, over its training images: after runs of under 1,000 steps, whose moving averages " +
      'have not settled (short-runs); always; or never, as Keras leaves them.',
  },
};

export const FIELD_NAMES = Object.keys(FIELDS) as (keyof TrainConfig)[];

type FieldValue = number | string | boolean;
type FieldResult = { value: FieldValue; error?: undefined } | { value?: undefined; error: string };

/** Decimal notation only: Number() alone would also take "0x10" (16), "0b11" and "0o7". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, on: true, '1': true, false: false, off: false, '0': false };

function parseField(name: keyof TrainConfig, raw: string): FieldResult {
  const spec = FIELDS[name];
  const text = raw.trim();
  if (spec.kind === 'boolean') {
    const value = BOOLEAN_TEXT[text.toLowerCase()];
    return value === undefined ? { error: `${spec.label} must be true or false (got "${raw}").` } : { value };
  }
  if (spec.kind === 'choice') {
    return spec.choices.includes(text)
      ? { value: text }
      : { error: `${spec.label} must be one of ${spec.choices.join(', ')} (got "${raw}").` };
  }
  const range = `${spec.minExclusive ? 'above' : 'from'} ${spec.min} ${spec.minExclusive ? 'and at most' : 'to'} ${spec.max}`;
  const what = spec.kind === 'integer' ? 'a whole number' : 'a number';
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  const inRange = spec.minExclusive ? value > spec.min : value >= spec.min;
  if (
    !Number.isFinite(value) ||
    (spec.kind === 'integer' && !Number.isInteger(value)) ||
    !inRange ||
    value > spec.max
  ) {
    return { error: `${spec.label} must be ${what} ${range} (got "${raw}").` };
  }
  return { value };
}

/** How many images train and validate for a config (both after `limit`). */
export function splitSizes(config: Pick<TrainConfig, 'limit' | 'validationSplit'>): {
  train: number;
  validation: number;
} {
  const validation = Math.round(config.limit * config.validationSplit);
  return { train: config.limit - validation, validation };
}

function crossFieldErrors(config: TrainConfig): ConfigErrors {
  const { train, validation } = splitSizes(config);
  const errors: ConfigErrors = {};
  if (validation < 1) {
    errors.validationSplit = `Validation split leaves no validation image out of ${config.limit}.`;
  } else if (train < config.batchSize) {
    errors.batchSize = `Batch size ${config.batchSize} is larger than the ${train} training images that limit and split leave.`;
  }
  return errors;
}

/**
 * Parses raw strings (form inputs or URL query values); missing names take their defaults.
 * Returns either a complete config or, per field, a message that names the problem.
 */
export function parseConfig(
  raw: Partial<Record<keyof TrainConfig, string>>,
): { config: TrainConfig; errors?: undefined } | { config?: undefined; errors: ConfigErrors } {
  const errors: ConfigErrors = {};
  const values: Record<string, FieldValue> = { ...DEFAULT_CONFIG };
  for (const name of FIELD_NAMES) {
    const text = raw[name];
    if (text === undefined) continue;
    const result = parseField(name, text);
    if (result.error !== undefined) errors[name] = result.error;
    else values[name] = result.value;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const config = values as unknown as TrainConfig;
  const crossErrors = crossFieldErrors(config);
  return Object.keys(crossErrors).length > 0 ? { errors: crossErrors } : { config };
}

/** Validates a config object received from elsewhere (the worker's side of the boundary). */
export function validateConfig(config: TrainConfig): ConfigErrors {
  const raw: Partial<Record<keyof TrainConfig, string>> = {};
  for (const name of FIELD_NAMES) raw[name] = String((config as unknown as Record<string, unknown>)[name]);
  return parseConfig(raw).errors ?? {};
}

/** The query's values for the form's fields (`?epochs=1&limit=2000&backend=cpu`). */
export function rawConfigFromQuery(search: string): Partial<Record<keyof TrainConfig, string>> {
  const params = new URLSearchParams(search);
  const raw: Partial<Record<keyof TrainConfig, string>> = {};
  for (const name of FIELD_NAMES) {
    const value = params.get(name);
    if (value !== null) raw[name] = value;
  }
  return raw;
}

/**
 * What a link says that no field takes, which would otherwise pass unnoticed: a name
 * that is not a setting (a typo such as `epoch` leaves the default in place) and a
 * setting given more than once (the first is used).
 */
export function queryNotes(search: string): string[] {
  const params = new URLSearchParams(search);
  const notes: string[] = [];
  const names = new Set<string>();
  params.forEach((_value, name) => names.add(name)); // the workers' lib has no keys()
  for (const name of names) {
    if (!(FIELD_NAMES as string[]).includes(name)) {
      const like = FIELD_NAMES.find((field) => resembles(name, field));
      notes.push(
        `The link's "${name}" is not a setting, so it was ignored${like ? ` (did you mean "${like}"?)` : ''}.`,
      );
      continue;
    }
    const values = params.getAll(name);
    if (values.length > 1) {
      const list = values.map((value) => `"${value}"`).join(', ');
      notes.push(`The link gives "${name}" ${values.length} times (${list}): the first, "${values[0]}", is used.`);
    }
  }
  return notes;
}

/** Equal but for case, `_` and `-`, or at most two letters apart (`epoch`, `batch_size`). */
function resembles(name: string, field: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  const [a, b] = [plain(name), plain(field)];
  if (Math.abs(a.length - b.length) > 2) return false;
  // Levenshtein distance, one row at a time.
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] <= 2;
}
