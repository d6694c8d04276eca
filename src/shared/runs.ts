// What the page and the workers both ask of a saved run.
import type { RunSummary } from '../protocol/runs.js';

/** A run with a model to use: trained for at least an epoch, or imported. */
export function hasModel(run: Pick<RunSummary, 'epoch' | 'status'>): boolean {
  return run.epoch > 0 || run.status === 'imported';
}

/** An imported model: it trains further as a new run, from its weights and optimizer state. */
export function trainsFurther(run: Pick<RunSummary, 'status'>): boolean {
  return run.status === 'imported';
}

/** Resumable: cut off or stopped before its last epoch. */
export function isResumable(run: Pick<RunSummary, 'epoch' | 'epochs' | 'status'>): boolean {
  return (run.status === 'running' || run.status === 'stopped') && run.epoch < run.epochs;
}

/**
 * The list with `run` in it (newest first), from the summary a save or a rename gives:
 * no need to list again. A summary older than the one listed (a late notice) is ignored.
 */
export function withRun(runs: readonly RunSummary[], run: RunSummary): RunSummary[] {
  const listed = runs.find((candidate) => candidate.id === run.id);
  if (listed && listed.updatedAt > run.updatedAt) return [...runs];
  return [run, ...runs.filter((candidate) => candidate.id !== run.id)].sort((a, b) => b.updatedAt - a.updatedAt);
}
