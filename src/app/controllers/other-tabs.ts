// What other tabs of the app are doing, from the Web Locks their trainer workers hold
// and the notices they broadcast (see shared/tab-locks.ts). Only one tab trains at a
// time; the others keep predicting, show that training runs elsewhere, and hear when
// the training tab lets go (it finished, or it closed mid-run: then one takes over).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunSummary } from '../../protocol/runs.js';
import { RUN_LOCK_PREFIX, RUNS_CHANNEL, TRAINING_LOCK, type RunsNotice } from '../../shared/tab-locks.js';

export interface OtherTabsHandlers {
  /** Whether this tab's own worker is the one training (or measuring) now. */
  trainingHere(): boolean;
  /** Saved runs changed (in any tab): list them again. */
  runsChanged(): void;
  /** A run was saved, renamed or stopped (in any tab): its new summary. */
  runSaved(run: RunSummary): void;
  /** The other tab stopped training, or closed; `runId` is the run it had trained, if known. */
  released(runId: string | undefined): void;
}

export class OtherTabs implements ReactiveController {
  /** Set while another tab trains: the run, once its lock names it. */
  training: { runId?: string } | undefined;
  private channel?: BroadcastChannel;
  private waiting?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: OtherTabsHandlers,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.channel = new BroadcastChannel(RUNS_CHANNEL);
    this.channel.addEventListener('message', (event: MessageEvent<RunsNotice>) => {
      const notice = event.data;
      if (notice.type === 'changed') this.handlers.runsChanged();
      else if (notice.type === 'saved') this.handlers.runSaved(notice.run);
      else void this.check();
    });
    void this.check();
  }

  hostDisconnected(): void {
    this.channel?.close();
    this.waiting?.abort();
    this.waiting = undefined;
  }

  /** Looks at the held locks: is another tab training, and which run? */
  async check(): Promise<void> {
    if (!('locks' in navigator)) return;
    const { held = [] } = await navigator.locks.query();
    const names = held.map((lock) => lock.name ?? '');
    const training = names.includes(TRAINING_LOCK) && !this.handlers.trainingHere();
    const run = names.find((name) => name.startsWith(RUN_LOCK_PREFIX));
    const before = this.training;
    this.training = training ? { runId: run?.slice(RUN_LOCK_PREFIX.length) ?? before?.runId } : undefined;
    this.host.requestUpdate();
    if (training) this.waitForRelease();
  }

  /** Queues for the training lock: granted once the other tab lets go. Let go of it at once. */
  private waitForRelease(): void {
    if (this.waiting) return;
    const waiting = new AbortController();
    this.waiting = waiting;
    navigator.locks
      .request(TRAINING_LOCK, { signal: waiting.signal }, () => undefined)
      .then(
        () => {
          this.waiting = undefined;
          const runId = this.training?.runId;
          this.training = undefined;
          this.host.requestUpdate();
          this.handlers.released(runId);
        },
        () => undefined, // aborted: this page is going away
      );
  }
}
