// The photo reader's steps on small images made in the test: the threshold under uneven
// light, ruled lines cut off a digit, specks dropped, pieces into digits and lines.
import { expect } from 'chai';
import { adaptiveThreshold } from '../../src/worker/photo/threshold.js';
import { inkPieces, type Component } from '../../src/worker/photo/components.js';
import { layOut } from '../../src/worker/photo/layout.js';

const W = 300;
const H = 200;

/** Paper lit from 250 on the left down to 110 on the right. */
function paper() {
  const grey = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) grey[y * W + x] = 250 - (140 * x) / W;
  return grey;
}

/** Darkens a rectangle by `by` grey levels. */
function ink(grey: Uint8Array, left: number, top: number, width: number, height: number, by = 80) {
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) grey[y * W + x] -= by;
}

const piece = (label: number, left: number, top: number, width: number, height: number, area = width * height) =>
  ({ label, left, top, width, height, area }) satisfies Component;

describe('photo steps', () => {
  it('finds ink darker than its surroundings, on bright and dim paper alike', () => {
    const grey = paper();
    ink(grey, 20, 50, 6, 40); // on bright paper
    ink(grey, 260, 50, 6, 40, 40); // on dim paper, fainter
    const mask = adaptiveThreshold({ width: W, height: H, grey });
    const inked = (x: number, y: number) => mask.ink[y * W + x];
    expect([inked(22, 70), inked(262, 70)]).to.deep.equal([1, 1]);
    expect(mask.ink.reduce((a, b) => a + b, 0)).to.equal(2 * 6 * 40);
  });

  it('cuts a ruled line off the digit standing on it, and drops specks', () => {
    const grey = paper();
    ink(grey, 0, 120, W, 2); // the ruled line
    ink(grey, 100, 70, 6, 52); // a 1 whose foot crosses it
    ink(grey, 200, 30, 2, 2); // a speck
    const { components } = inkPieces(adaptiveThreshold({ width: W, height: H, grey }));
    expect(components.map(({ left, top, width, height }) => ({ left, top, width, height }))).to.deep.equal([
      { left: 100, top: 70, width: 6, height: 52 },
    ]);
  });

  it("joins a 5's flag to its body and a broken stroke's end, not two digits", () => {
    const { lines } = layOut([
      piece(1, 10, 10, 30, 40), // a body
      piece(2, 22, 0, 24, 6), // its flag above
      piece(3, 70, 10, 30, 40), // the next digit
      piece(4, 101, 20, 4, 8), // a bit of it, just beside
      piece(5, 130, 12, 28, 38), // the next, apart
    ]);
    expect(lines.map((line) => line.map((digit) => digit.labels.sort()))).to.deep.equal([[[1, 2], [3, 4], [5]]]);
  });

  it('reads lines top to bottom, following a slant', () => {
    // Two lines of five digits, each digit 10 pixels lower than the one before it.
    const pieces = [0, 1].flatMap((line) =>
      [0, 1, 2, 3, 4].map((k) => piece(line * 5 + k + 1, 10 + k * 50, 20 + line * 80 + k * 10, 28, 40)),
    );
    const { lines, digitHeight } = layOut(pieces.reverse());
    expect(digitHeight).to.equal(40);
    expect(lines.map((line) => line.map((digit) => digit.labels[0]))).to.deep.equal([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
  });
});
