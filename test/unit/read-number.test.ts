// Strokes to digits: grouping a number's strokes into digits, each drawn again with
// MNIST's pen whatever its size, and strokes the worker refuses.
import { expect } from 'chai';
import type { StrokePoints } from '../../src/protocol/predictor.js';
import { groupDigits, MAX_DIGITS } from '../../src/worker/predictor/digit-groups.js';
import { checkStrokes, lineWidth, numberInputs } from '../../src/worker/predictor/read-number.js';
import { preprocess } from '../../src/worker/predictor/preprocess.js';
import { inkOfStrokes } from '../../src/worker/predictor/strokes.js';

/** A 4 in two strokes at x (left) on a pad of height 100, `size` tall. */
const four = (x: number, size = 80): StrokePoints[] => [
  [
    [x + size * 0.2, 10],
    [x, 10 + size * 0.6],
    [x + size * 0.5, 10 + size * 0.6],
  ],
  [
    [x + size * 0.4, 10 + size * 0.2],
    [x + size * 0.4, 10 + size],
  ],
];
const one = (x: number): StrokePoints[] => [
  [
    [x, 10],
    [x, 90],
  ],
];

describe('reading a number', () => {
  it('keeps a digit written in two strokes one digit, and digits side by side apart, left to right', () => {
    expect(groupDigits(four(10))).to.have.length(1);
    const number = [...one(200), ...four(10), ...one(100)]; // written out of order
    const groups = groupDigits(number);
    expect(groups.map((group) => group.length)).to.deep.equal([2, 1, 1]);
    expect(groups[1][0][0][0]).to.equal(100);
  });

  it('keeps digits whose lines touch apart, and joins a short piece to the digit nearest it', () => {
    // The 1's line one unit right of the 4's: their ink touches on the pad.
    expect(groupDigits([...four(10), ...one(51)])).to.have.length(2);
    // A 5's top bar written apart, right of its body: a short piece, not a digit.
    const body: StrokePoints = [
      [60, 12],
      [58, 50],
      [80, 55],
      [78, 88],
      [55, 90],
    ];
    const bar: StrokePoints = [
      [83, 12],
      [98, 12],
    ];
    expect(groupDigits([...one(10), body, bar]).map((group) => group.length)).to.deep.equal([1, 2]);
  });

  it(`reads at most ${MAX_DIGITS} digits`, () => {
    const many = Array.from({ length: 12 }, (_, i) => one(10 + i * 30)).flat();
    expect(groupDigits(many)).to.have.length(MAX_DIGITS);
  });

  it("gives a 4 written large or small with one pen lines about as wide as MNIST's", () => {
    const scaled = (strokes: StrokePoints[], k: number): StrokePoints[] =>
      strokes.map((stroke) => stroke.map(([x, y]) => [x * k, y * k]));
    for (const [k, pen] of [
      [8, 2], // large: the pen alone would leave lines about a pixel wide
      [1, 12], // small: its loop would close
    ]) {
      const strokes = scaled(four(10, 30), k);
      const asDrawn = lineWidth(preprocess(inkOfStrokes(strokes, pen)!)!);
      const [input] = numberInputs(strokes, pen);
      console.log(
        `a 4 ${k}x with pen ${pen}: lines ${asDrawn.toFixed(2)} pixels as drawn, ${lineWidth(input).toFixed(2)} read`,
      );
      expect(asDrawn < 2 || asDrawn > 3.2, 'the case needs the redraw').to.equal(true);
      expect(lineWidth(input)).to.be.within(2, 3.2);
    }
    expect(numberInputs([], 6)).to.deep.equal([]);
    expect(numberInputs([[[5, 5]]], 6)).to.have.length(1); // a dot is still a digit's ink
  });

  it('refuses what is not strokes of finite points', () => {
    for (const bad of [null, [[1, 2]], [[[1, Number.NaN]]], [[[1, 2, 3]]], 'strokes']) {
      expect(() => checkStrokes(bad), JSON.stringify(bad)).to.throw(/Strokes must be lists of \[x, y\] points/);
    }
    checkStrokes([[[1, 2]], []]);
    expect(() => numberInputs([], 0)).to.throw("The pen's width must be a positive number (got 0).");
  });
});
