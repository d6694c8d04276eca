// A small seeded generator (mulberry32): the split, the batch order, augmentation, the
// initial weights and dropout must be reproducible from the seed, which Math.random cannot
// give. Its whole state is one 32-bit number, so a checkpoint can save it and a resume can
// carry on from it.

/**
 * What draws from a run's seed: each its own stream, so a change in how much one of them
 * draws (a bigger validation share, augmentation off) leaves the others as they were.
 */
const STREAMS = {
  split: 0,
  order: 0x5bd1e995,
  augment: 0x27d4eb2f,
  fineTune: 0x1b873593,
  weights: 0x85ebca6b,
  dropout: 0xc2b2ae35,
} as const;

/** The first state of a run's `stream`, derived from its seed. */
export function streamSeed(seed: number, stream: keyof typeof STREAMS): number {
  return (seed ^ STREAMS[stream]) >>> 0;
}

export class SeededRandom {
  private current: number;

  constructor(seedOrState: number) {
    this.current = seedOrState >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let t = this.current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [-range, range). */
  symmetric(range: number): number {
    return (this.next() * 2 - 1) * range;
  }

  /** The state to save; `new SeededRandom(state)` continues the same sequence. */
  get state(): number {
    return this.current;
  }
}

/** Fisher-Yates, in place. */
export function shuffle<T extends { length: number; [i: number]: number }>(items: T, random: SeededRandom): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}
