// The personal set through the built trainer worker: add, list, delete, export, import,
// refusals; and a fine-tune that teaches a model a style MNIST lacks (strokes one pixel wide).
import { expect } from 'chai';
import { deleteDB } from 'idb';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG } from '../../src/shared/train-config.js';
import { PersonalSet, parsePersonalSet } from '../../src/worker/storage/personal-digits.js';
import type { FineTuneProgress, PersonalDigit } from '../../src/protocol/personal-digits.js';
import { thinStrokes } from '../support/thin-strokes.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });

describe('personal set', () => {
  let trainer: TrainerClient;
  before(async () => {
    trainer = new TrainerClient(builtWorker);
    await trainer.data.load(() => {});
    for (const digit of await trainer.personal.list()) await trainer.personal.delete(digit.id);
  });
  after(() => trainer.terminate());

  it('adds, lists in order, deletes and exports digits; refuses a bad label or image', async () => {
    const seven = new Uint8Array(784).fill(7);
    const a = await trainer.personal.add(7, seven);
    const b = await trainer.personal.add(1, new Uint8Array(784).fill(1));
    expect((await trainer.personal.list()).map((d) => [d.id, d.label])).to.deep.equal([
      [a.id, 7],
      [b.id, 1],
    ]);
    await trainer.personal.delete(b.id);
    const exported = JSON.parse(await trainer.personal.exportJson()) as {
      format: string;
      digits: { label: number; pixels: number[] }[];
    };
    expect(exported.format).to.equal('mnist-personal-set');
    expect(exported.digits.map((d) => d.label)).to.deep.equal([7]);
    expect(exported.digits[0].pixels).to.deep.equal(Array.from(seven));

    const badLabel = await trainer.personal.add(10, seven).catch((e: Error) => e);
    expect((badLabel as Error).message).to.equal("A digit's label is a whole number from 0 to 9 (got 10).");
    const badImage = await trainer.personal.add(3, new Uint8Array(100)).catch((e: Error) => e);
    expect((badImage as Error).message).to.equal('A digit is 28x28 = 784 grey levels (got 100).');
    expect(await trainer.personal.list()).to.have.length(1);
    const tooFew = await trainer.personal.fineTune('any', () => {}).catch((e: Error) => e);
    expect((tooFew as Error).message).to.match(/^No saved run|^Label at least 12 digits/);
    await trainer.personal.delete(a.id);
  });

  describe('import', () => {
    /** A digit whose pixels say which it is: `seed` fills them. */
    const pixelsOf = (seed: number) => Array.from({ length: 784 }, (_, i) => (seed * 31 + i) % 256);
    const entry = (label: number, seed: number, createdAt = 1_700_000_000_000 + seed) => ({
      label,
      createdAt,
      pixels: pixelsOf(seed),
    });
    const setFile = (digits: unknown, name = 'my-digits.json', extra: object = {}) =>
      new File([JSON.stringify({ format: 'mnist-personal-set', version: 1, digits, ...extra })], name, {
        type: 'application/json',
      });
    const snapshot = async () =>
      (await trainer.personal.list()).map((d: PersonalDigit) => ({ ...d, pixels: Array.from(d.pixels) }));
    const clear = async () => {
      for (const digit of await trainer.personal.list()) await trainer.personal.delete(digit.id);
    };
    beforeEach(clear);
    after(clear);

    it('reads back what it exported into an empty set: the same digits in the same order', async () => {
      const drawn: [number, number][] = [
        [3, 1],
        [7, 2],
        [7, 2], // the same drawing labelled twice stays twice
        [0, 3],
      ];
      for (const [label, seed] of drawn) await trainer.personal.add(label, Uint8Array.from(pixelsOf(seed)));
      const before = await snapshot();
      const json = await trainer.personal.exportJson();
      await clear();
      const result = await trainer.personal.importFile(new File([json], 'my-digits.json'));
      expect(result).to.deep.equal({ added: 4, skipped: 0 });
      const after = await snapshot();
      const strip = (digits: typeof before) =>
        digits.map(({ label, pixels, createdAt }) => ({ label, pixels, createdAt }));
      expect(strip(after)).to.deep.equal(strip(before));
      expect(new Set(after.map((d) => d.id)).size).to.equal(4);
    });

    it('skips digits already here (same label and pixels), copy for copy', async () => {
      await trainer.personal.add(3, Uint8Array.from(pixelsOf(1)));
      await trainer.personal.add(7, Uint8Array.from(pixelsOf(2)));
      const file = setFile([
        entry(3, 1, 5), // already here, drawn at another time
        entry(7, 2),
        entry(7, 2), // a second copy: one is here, so this one is added
        entry(8, 2), // the same pixels with another label: another digit
        { label: 5, pixels: pixelsOf(9) }, // no createdAt: the time of the import
      ]);
      const started = Date.now();
      expect(await trainer.personal.importFile(file)).to.deep.equal({ added: 3, skipped: 2 });
      const digits = await trainer.personal.list();
      expect(digits.map((d) => d.label).sort()).to.deep.equal([3, 5, 7, 7, 8]);
      expect(digits.find((d) => d.label === 5)!.createdAt).to.be.at.least(started);
      expect(await trainer.personal.importFile(file)).to.deep.equal({ added: 0, skipped: 5 });
      expect(await trainer.personal.list()).to.have.length(5);
    });

    it('refuses each bad file by name and fault, and leaves the set exactly as it was', async () => {
      await trainer.personal.add(4, Uint8Array.from(pixelsOf(99)));
      const before = await snapshot();
      const good = (n: number) => Array.from({ length: n }, (_, i) => entry(i % 10, i));
      const withBad = (index: number, digit: unknown) => {
        const digits: unknown[] = good(40);
        digits[index] = digit;
        return setFile(digits);
      };
      const cases: [string, File, string][] = [
        [
          'over 5 MB',
          new File([new Uint8Array(6_000_000)], 'big.json'),
          '"big.json" is 6.0 MB: a set of this app is at most 5 MB (1,000 digits).',
        ],
        [
          'not JSON',
          new File(['{"format": "mnist-personal-set", "digits": ['], 'my-digits.json'),
          '"my-digits.json" is not JSON: choose a file that "Download as JSON" saved.',
        ],
        [
          'not UTF-8',
          new File([new Uint8Array([0x7b, 0xff, 0x7d])], 'odd.json'),
          '"odd.json" is not JSON: choose a file that "Download as JSON" saved.',
        ],
        [
          'a model.json',
          new File([JSON.stringify({ format: 'layers-model', modelTopology: {} })], 'model.json'),
          '"model.json" is not a set of digits from this app: its "format" is "layers-model", not "mnist-personal-set".',
        ],
        [
          'a JSON array',
          new File(['[1, 2, 3]'], 'list.json'),
          '"list.json" is not a set of digits from this app: its "format" is missing, not "mnist-personal-set".',
        ],
        [
          'version 2',
          setFile(good(2), 'my-digits.json', { version: 2 }),
          '"my-digits.json" is a set of version 2; this app reads version 1.',
        ],
        [
          'digits not a list',
          setFile({ count: 3 }),
          '"my-digits.json" has no list of digits ("digits" is {"count":3}).',
        ],
        [
          'too many digits',
          setFile(new Array(1001).fill(0)),
          '"my-digits.json" holds 1,001 digits; an import takes at most 1,000.',
        ],
        [
          'a digit that is not an object',
          withBad(0, null),
          '"my-digits.json": digit 1 of 40 is null, not a digit with a label and pixels.',
        ],
        [
          'label 10',
          withBad(2, entry(10, 2)),
          '"my-digits.json": digit 3 of 40 has label 10; a label is a whole number from 0 to 9.',
        ],
        [
          'label as text',
          withBad(2, { ...entry(7, 2), label: '7' }),
          '"my-digits.json": digit 3 of 40 has label "7"; a label is a whole number from 0 to 9.',
        ],
        [
          'label 2.5',
          withBad(5, { ...entry(2, 5), label: 2.5 }),
          '"my-digits.json": digit 6 of 40 has label 2.5; a label is a whole number from 0 to 9.',
        ],
        [
          'no pixels',
          withBad(7, { label: 1, createdAt: 0 }),
          '"my-digits.json": digit 8 of 40 has no list of pixels ("pixels" is missing).',
        ],
        [
          '783 pixels',
          withBad(12, { ...entry(2, 12), pixels: pixelsOf(12).slice(1) }),
          '"my-digits.json": digit 13 of 40 has 783 pixels; a digit is 28x28 = 784 grey levels.',
        ],
        [
          '785 pixels',
          withBad(39, { ...entry(9, 39), pixels: [...pixelsOf(39), 0] }),
          '"my-digits.json": digit 40 of 40 has 785 pixels; a digit is 28x28 = 784 grey levels.',
        ],
        [
          'a pixel of 256',
          withBad(1, { ...entry(1, 1), pixels: pixelsOf(1).map((v, i) => (i === 100 ? 256 : v)) }),
          '"my-digits.json": digit 2 of 40 has pixel 101 = 256; a grey level is a whole number from 0 to 255.',
        ],
        [
          'a pixel of -1',
          withBad(1, { ...entry(1, 1), pixels: pixelsOf(1).map((v, i) => (i === 0 ? -1 : v)) }),
          '"my-digits.json": digit 2 of 40 has pixel 1 = -1; a grey level is a whole number from 0 to 255.',
        ],
        [
          'a pixel of 0.5',
          withBad(1, { ...entry(1, 1), pixels: pixelsOf(1).map((v, i) => (i === 783 ? 0.5 : v)) }),
          '"my-digits.json": digit 2 of 40 has pixel 784 = 0.5; a grey level is a whole number from 0 to 255.',
        ],
        [
          'a pixel as text',
          withBad(1, { ...entry(1, 1), pixels: pixelsOf(1).map((v, i) => (i === 3 ? '12' : v)) }),
          '"my-digits.json": digit 2 of 40 has pixel 4 = "12"; a grey level is a whole number from 0 to 255.',
        ],
        [
          'createdAt as text',
          withBad(20, { ...entry(1, 20), createdAt: 'yesterday' }),
          '"my-digits.json": digit 21 of 40 has createdAt "yesterday"; it is a time in milliseconds, or left out.',
        ],
      ];
      for (const [kind, file, message] of cases) {
        const error = await trainer.personal.importFile(file).catch((e: unknown) => e);
        expect(error, kind).to.be.instanceOf(Error);
        expect((error as Error).message, kind).to.equal(message);
        expect(await snapshot(), kind).to.deep.equal(before);
      }
      // The same 40 digits with nothing wrong are taken: each refusal above was for its one fault.
      expect(await trainer.personal.importFile(setFile(good(40)))).to.deep.equal({ added: 40, skipped: 0 });
    });

    it('writes all digits or none: a write that fails half way leaves the set as it was', async () => {
      const name = 'test-personal-import';
      await deleteDB(name);
      const set = await PersonalSet.open(name);
      const stub = crypto.randomUUID.bind(crypto);
      await set.add(1, Uint8Array.from(pixelsOf(1)));
      const before = await set.list();
      const digits = parsePersonalSet(
        { format: 'mnist-personal-set', version: 1, digits: [entry(2, 2), entry(3, 3), entry(4, 4)] },
        '"x.json"',
        0,
      );
      // Every new digit gets the same id: the second add fails after the first succeeded.
      crypto.randomUUID = () => '00000000-0000-4000-8000-000000000000';
      try {
        const error = await set.import(digits).catch((e: unknown) => e);
        expect((error as Error).name).to.equal('ConstraintError');
      } finally {
        crypto.randomUUID = stub;
      }
      expect(await set.list()).to.deep.equal(before);
      expect(await set.import(digits)).to.deep.equal({ added: 3, skipped: 0 });
      expect(await set.list()).to.have.length(4);
      set.close();
      await deleteDB(name);
    });
  });

  it('fine-tunes a model on thin-stroke digits: their held-out accuracy rises', async () => {
    const base = await trainer.training.start(
      { ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 20_000 },
      () => {},
    );
    const empty = await trainer.personal.fineTune(base.runId, () => {}).catch((e: Error) => e);
    expect((empty as Error).message).to.equal(
      'Label at least 12 digits first, at least 4 of some digits (every fourth of a digit is held out to measure the result): you have 0.',
    );
    const report = await trainer.evaluation.score(base.runId, () => {});
    // Sixteen test images of each digit, drawn again with one-pixel strokes.
    const indices: number[] = [];
    for (let label = 0; label < 10; label++) {
      for (let i = 0; indices.filter((j) => report.labels[j] === label).length < 16; i++) {
        if (report.labels[i] === label) indices.push(i);
      }
    }
    const pixels = await trainer.data.testImages(indices);
    for (const [k, index] of indices.entries()) {
      await trainer.personal.add(report.labels[index], thinStrokes(pixels.subarray(k * 784, (k + 1) * 784)));
    }
    const progress: FineTuneProgress[] = [];
    const result = await trainer.personal.fineTune(base.runId, (p) => progress.push(p));
    expect(result).to.include({ heldOut: 40, trainedOn: 120, mnistImages: 3000 });
    expect(progress.at(-1)).to.include({ epoch: 3, epochs: 3 });
    // Seeded (the base model's weights, dropout, order, augmentation), so the same every
    // run on wasm: 67.5% before, 100% after, BatchNorm's statistics recomputed.
    const figures = `before ${result.before}, after ${result.after}`;
    expect(result.recalibrated).to.equal(true);
    expect(result.before, figures).to.be.within(0.6, 0.75);
    expect(result.after, figures).to.be.at.least(0.975);
    // The fine-tuned model is a new saved run; the one it started from is as it was.
    expect(result.run.name).to.match(/^Fine-tuned Run of /);
    expect((await trainer.evaluation.score(base.runId, () => {})).accuracy).to.equal(report.accuracy);
  });
});
