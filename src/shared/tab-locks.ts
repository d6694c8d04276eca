// Names the Web Locks and broadcasts that keep tabs (and their workers) out of each
// other's way. A lock held by a worker is released by the browser when the worker ends,
// however it ends: that is what makes them worth using over flags in IndexedDB.
import type { RunSummary } from '../protocol/runs.js';

/** Held by the trainer worker of the one tab that trains (or measures) at a time. */
export const TRAINING_LOCK = 'mnist-training';

/** Held, beside TRAINING_LOCK, for as long as a worker writes a given run. */
export const RUN_LOCK_PREFIX = 'mnist-run:';
export const runLock = (runId: string): string => `${RUN_LOCK_PREFIX}${runId}`;

/**
 * Every tab's page hears here when the saved runs change or a run starts training. A
 * saved (or renamed, or stopped) run comes with its new summary, so no page lists again.
 */
export const RUNS_CHANNEL = 'mnist-runs';
export type RunsNotice = { type: 'changed' } | { type: 'saved'; run: RunSummary } | { type: 'training'; runId: string };

/** Tells every page (this tab's too) what changed. */
export function announce(notice: RunsNotice): void {
  const channel = new BroadcastChannel(RUNS_CHANNEL);
  channel.postMessage(notice);
  channel.close();
}
