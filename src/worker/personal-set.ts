// The user's own labelled digits ("this was a 7"), kept in IndexedDB: the drawing as the
// model received it (28x28, MNIST-like), for fine-tuning and for checking the result.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { IMAGE_PIXELS } from './idx.js';
import type { MnistPart } from './dataset.js';
import type { PersonalDigit } from './trainer-api.js';

export const DEFAULT_PERSONAL_DB = 'mnist-personal';

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

  /** In the order they were drawn. */
  async list(): Promise<PersonalDigit[]> {
    return (await this.db.getAll('digits')).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  delete(id: string): Promise<void> {
    return this.db.delete('digits', id);
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
    format: 'mnist-personal-set',
    version: 1,
    digits: digits.map(({ label, pixels, createdAt }) => ({ label, createdAt, pixels: Array.from(pixels) })),
  });
}
