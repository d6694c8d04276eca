// A real MNIST digit as a person might draw it: its ink 10x larger (nearest neighbour)
// at a random place on the 280x280 pad.
import { inkBounds, type InkImage } from '../../src/worker/predictor/preprocess.js';
import type { SeededRandom } from '../../src/worker/data/random.js';

export const PAD = 280;

export function digitOnPad(original: Uint8Array, random: SeededRandom): InkImage {
  const bounds = inkBounds({ width: 28, height: 28, ink: original })!;
  const left = Math.floor(random.next() * (PAD - bounds.width * 10));
  const top = Math.floor(random.next() * (PAD - bounds.height * 10));
  const ink = new Uint8Array(PAD * PAD);
  for (let y = 0; y < bounds.height * 10; y++) {
    for (let x = 0; x < bounds.width * 10; x++) {
      ink[(top + y) * PAD + left + x] =
        original[(bounds.top + Math.floor(y / 10)) * 28 + bounds.left + Math.floor(x / 10)];
    }
  }
  return { width: PAD, height: PAD, ink };
}
