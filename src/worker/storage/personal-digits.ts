// The user's own labelled digits ("this was a 7"), kept in IndexedDB: the drawing as the
// model received it (28x28, MNIST-like), for fine-tuning and for checking the result.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MnistPart } from '../data/dataset.js';
import type { PersonalDigit, PersonalImport } from '../../protocol/personal-digits.js';
import { IMAGE_PIXELS } from '../../shared/mnist.js';
import { readJsonFile } from './json-file.js';

export const DEFAULT_PERSONAL_DB = 'mnist-personal';

/** What `personalJson` writes and `readPersonalSetFile` reads back. */
export const PERSONAL_SET_FORMAT = 'mnist-personal-set';
export const PERSONAL_SET_VERSION = 1;
/** The most digits one import takes: far more than anyone draws by hand. */
export const MAX_IMPORT_DIGITS = 1000;
/**
 * A digit as `personalJson` writes it takes at most about 3.2 KB (784 numbers of up to
 * three figures and their commas), so 1,000 of them fit in 5 MB; a larger file is refused
 * before it is read, so no one waits for (or runs out of memory on) a file that cannot be a set.
 */
export const MAX_IMPORT_BYTES = 5_000_000;

/** A digit read from a file, checked, before it has an id. */
export type ImportedDigit = Omit<PersonalDigit, 'id'>;

interface PersonalDB extends DBSchema {
  digits: { key: string; value: PersonalDigit };
}

export class PersonalSet {
  private constructor(private readonly db: IDBPDatabase<PersonalDB>) {}

  static async open(name = DEFAULT_PERSONAL_DB): Promise<PersonalSet> {
    const db = await openDB<PersonalDB>(name, 1, {
      upgrade(database) {
        database.createObjectStore('digits', { keyPath: 'id' });
      },
    });
    return new PersonalSet(db);
  }

  async add(label: number, pixels: Uint8Array): Promise<PersonalDigit> {
    if (!Number.isInteger(label) || label < 0 || label > 9) {
      throw new Error(`A digit's label is a whole number from 0 to 9 (got ${String(label)}).`);
    }
    if (!(pixels instanceof Uint8Array) || pixels.length !== IMAGE_PIXELS) {
      throw new Error(
        `A digit is 28x28 = 784 grey levels (got ${pixels instanceof Uint8Array ? pixels.length : 'none'}).`,
      );
    }
    const digit: PersonalDigit = { id: crypto.randomUUID(), label, pixels: pixels.slice(), createdAt: Date.now() };
    await this.db.put('digits', digit);
    return digit;
  }

  /**
   * Adds checked digits in one transaction, all or none, skipping each one the set
   * already holds (same label and pixels; a digit held once skips one copy).
   */
  async import(digits: readonly ImportedDigit[]): Promise<PersonalImport> {
    const tx = this.db.transaction('digits', 'readwrite');
    try {
      const held = new Map<string, number>();
      for (const digit of await tx.store.getAll()) {
        const key = digitKey(digit);
        held.set(key, (held.get(key) ?? 0) + 1);
      }
      const fresh = digits.filter((digit) => {
        const key = digitKey(digit);
        const copies = held.get(key) ?? 0;
        if (copies > 0) held.set(key, copies - 1);
        return copies === 0;
      });
      // `add`, not `put`: an import never overwrites a digit, and any failed write aborts all.
      await Promise.all([
        ...fresh.map((digit) => tx.store.add({ ...digit, id: crypto.randomUUID(), pixels: digit.pixels.slice() })),
        tx.done,
      ]);
      return { added: fresh.length, skipped: digits.length - fresh.length };
    } catch (error) {
      tx.done.catch(() => undefined); // the abort below rejects it: the error thrown says why
      abortQuietly(tx);
      throw error;
    }
  }

  /** In the order they were drawn. */
  async list(): Promise<PersonalDigit[]> {
    return (await this.db.getAll('digits')).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  delete(id: string): Promise<void> {
    return this.db.delete('digits', id);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Held out to measure a fine-tune: every fourth digit of each class in the order drawn,
 * so both parts have every class the user drew and the split never changes.
 */
export function splitPersonal(digits: PersonalDigit[]): { train: PersonalDigit[]; heldOut: PersonalDigit[] } {
  const seen = new Array<number>(10).fill(0);
  const train: PersonalDigit[] = [];
  const heldOut: PersonalDigit[] = [];
  for (const digit of digits) {
    (seen[digit.label]++ % 4 === 3 ? heldOut : train).push(digit);
  }
  return { train, heldOut };
}

/** The digits as a dataset part, `repeat` times over. */
export function personalPart(digits: PersonalDigit[], repeat = 1): MnistPart {
  const count = digits.length * repeat;
  const images = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const digit = digits[i % digits.length];
    images.set(digit.pixels, i * IMAGE_PIXELS);
    labels[i] = digit.label;
  }
  return { images, labels, count };
}

/** The set as JSON: labels and pixels (784 grey levels, row after row) of every digit. */
export function personalJson(digits: PersonalDigit[]): string {
  return JSON.stringify({
    format: PERSONAL_SET_FORMAT,
    version: PERSONAL_SET_VERSION,
    digits: digits.map(({ label, pixels, createdAt }) => ({ label, createdAt, pixels: Array.from(pixels) })),
  });
}

/** Same label and pixels: the same digit, whenever it was drawn. */
function digitKey(digit: Pick<PersonalDigit, 'label' | 'pixels'>): string {
  return `${digit.label}:${String.fromCharCode(...digit.pixels)}`;
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing was committed by this import.
  }
}

/** A value from the file as JSON, cut short: enough to recognise it. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Reads a personal set file (as `personalJson` writes it) and checks every digit before
 * any is stored. Each refusal names the file and, for a digit, which one and its fault.
 * The text is parsed as JSON, never evaluated.
 */
export async function readPersonalSetFile(file: File): Promise<ImportedDigit[]> {
  if (!(file instanceof File)) throw new Error('Choose a JSON file of digits (from "Download as JSON") to import.');
  const name = `"${file.name}"`;
  const parsed = await readJsonFile(file, {
    maxBytes: MAX_IMPORT_BYTES,
    tooBig: `a set of this app is at most 5 MB (${MAX_IMPORT_DIGITS.toLocaleString('en')} digits).`,
    notJson: 'choose a file that "Download as JSON" saved.',
  });
  return parsePersonalSet(parsed, name, Date.now());
}

/** Checks a parsed personal set; `name` (quoted) heads every refusal. */
export function parsePersonalSet(parsed: unknown, name: string, importedAt: number): ImportedDigit[] {
  const set = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  if (set.format !== PERSONAL_SET_FORMAT) {
    throw new Error(
      `${name} is not a set of digits from this app: its "format" is ${shown(set.format)}, not "${PERSONAL_SET_FORMAT}".`,
    );
  }
  if (set.version !== PERSONAL_SET_VERSION) {
    throw new Error(
      `${name} is a set of version ${shown(set.version)}; this app reads version ${PERSONAL_SET_VERSION}.`,
    );
  }
  const digits = set.digits;
  if (!Array.isArray(digits)) throw new Error(`${name} has no list of digits ("digits" is ${shown(digits)}).`);
  if (digits.length > MAX_IMPORT_DIGITS) {
    throw new Error(
      `${name} holds ${digits.length.toLocaleString('en')} digits; an import takes at most ${MAX_IMPORT_DIGITS.toLocaleString('en')}.`,
    );
  }
  return digits.map((entry: unknown, i) => {
    const which = `${name}: digit ${i + 1} of ${digits.length}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new Error(`${which} is ${shown(entry)}, not a digit with a label and pixels.`);
    }
    const { label, pixels, createdAt } = entry as Record<string, unknown>;
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > 9) {
      throw new Error(`${which} has label ${shown(label)}; a label is a whole number from 0 to 9.`);
    }
    if (!Array.isArray(pixels)) throw new Error(`${which} has no list of pixels ("pixels" is ${shown(pixels)}).`);
    if (pixels.length !== IMAGE_PIXELS) {
      throw new Error(`${which} has ${pixels.length} pixels; a digit is 28x28 = 784 grey levels.`);
    }
    const bad = pixels.findIndex((v: unknown) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255);
    if (bad >= 0) {
      throw new Error(
        `${which} has pixel ${bad + 1} = ${shown(pixels[bad])}; a grey level is a whole number from 0 to 255.`,
      );
    }
    if (createdAt !== undefined && (typeof createdAt !== 'number' || !Number.isFinite(createdAt))) {
      throw new Error(`${which} has createdAt ${shown(createdAt)}; it is a time in milliseconds, or left out.`);
    }
    // Left out: the time of the import, in the file's order.
    return { label, pixels: Uint8Array.from(pixels as number[]), createdAt: createdAt ?? importedAt + i };
  });
}
