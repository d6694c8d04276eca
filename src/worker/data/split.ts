// The notebook's train/validation split: a seeded shuffle of the training file's
// images (the first `limit` of them), then the last `validationSplit` part validates.
import { splitSizes, type TrainConfig } from '../../shared/train-config.js';
import { SeededRandom, shuffle, streamSeed } from './random.js';

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
}

export function splitIndices(config: Pick<TrainConfig, 'limit' | 'validationSplit' | 'seed'>): Split {
  const order = new Uint32Array(config.limit);
  for (let i = 0; i < order.length; i++) order[i] = i;
  shuffle(order, new SeededRandom(streamSeed(config.seed, 'split')));
  const { train } = splitSizes(config);
  return { train: order.slice(0, train), validation: order.slice(train) };
}
