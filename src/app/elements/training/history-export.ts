// A run's history as the files the page offers for download.
import type { EpochMetrics } from '../../../protocol/training.js';

const COLUMNS = [
  'epoch',
  'loss',
  'accuracy',
  'valLoss',
  'valAccuracy',
  'millis',
  'imagesPerSecond',
  'bestEpoch',
] as const;

/** Keras' CSVLogger columns, in our names; one row an epoch. */
export function historyToCsv(history: readonly EpochMetrics[]): string {
  const rows = history.map((epoch) => COLUMNS.map((column) => String(epoch[column])).join(','));
  return [COLUMNS.join(','), ...rows].join('\n') + '\n';
}

export function historyToJson(history: readonly EpochMetrics[]): string {
  return JSON.stringify(history, null, 2) + '\n';
}
