// The page's views, as the URL's hash and the bar name them.

export const VIEWS = ['draw', 'train', 'models', 'evaluate'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<View, string>> = {
  draw: 'Draw',
  train: 'Train',
  models: 'Models',
  evaluate: 'Evaluate',
};
