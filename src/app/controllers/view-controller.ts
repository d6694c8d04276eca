// Which view the page shows: the URL's hash (#draw, #train, #models, #evaluate), so each
// view has its own address, a link opens it and Back returns to the one before. The
// query keeps the training settings; the hash never touches them. On a wide screen Draw
// stays beside the view (Train when Draw itself is chosen). A view's elements are loaded
// the first time it is shown, and it is laid out once they are all defined, in one go.
import type { ReactiveControllerHost } from 'lit';
import { errorMessage } from '../../shared/error-message.js';
import { VIEW_LABELS, VIEWS, type View } from '../views/view-names.js';

/** Where the layout puts two views side by side (mnist-app.styles.ts uses the same width). */
export const WIDE = '(min-width: 64rem)';

export class ViewController {
  view: View = viewOf(location.hash);
  /** Views whose elements are loaded: they render, and keep their state while hidden. */
  readonly loaded = new Set<View>();
  /** A view whose elements could not load (a file missing from an old cache). */
  error = '';
  /** Settles once the first views on screen have loaded (or failed to). */
  readonly firstShown: Promise<void>;
  private settleFirstShown: () => void = () => undefined;
  private readonly requested = new Set<View>();
  private readonly wideQuery = matchMedia(WIDE);
  /** The view to focus the heading of once it is on screen (after a change of hash). */
  private focusPending: View | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Loads a view's elements (and anything else it needs first shown). */
    private readonly load: (view: View) => Promise<unknown>,
  ) {
    this.firstShown = new Promise((resolve) => (this.settleFirstShown = resolve));
    host.addController(this);
  }

  /** The views on screen now. */
  get shown(): View[] {
    if (!this.wideQuery.matches) return [this.view];
    return ['draw', this.view === 'draw' ? 'train' : this.view];
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHashChange);
    this.wideQuery.addEventListener('change', this.onResize);
    this.onResize();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.wideQuery.removeEventListener('change', this.onResize);
  }

  hostUpdated(): void {
    const view = this.focusPending;
    const heading = view && this.host.shadowRoot?.querySelector<HTMLElement>(`#${view}-view h2`);
    if (!heading) return;
    this.focusPending = undefined;
    // A screen reader hears where it arrived; keyboard users continue from the view's top.
    heading.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }

  /** Shows `view` as a new history entry, as its link in the bar would. */
  go(view: View): void {
    if (view === this.view) return;
    location.hash = view;
  }

  private requestShown(): void {
    const loads = this.shown
      .filter((view) => !this.requested.has(view))
      .map((view) => {
        this.requested.add(view);
        return this.load(view)
          .then(
            () => this.loaded.add(view),
            (error: unknown) => {
              this.requested.delete(view); // showing it again tries again
              this.error = `The ${VIEW_LABELS[view]} view could not load (${errorMessage(error)}). Reload the page to try again.`;
            },
          )
          .finally(() => this.host.requestUpdate());
      });
    void Promise.all(loads).then(() => this.settleFirstShown());
  }

  private readonly onResize = () => {
    this.requestShown();
    this.host.requestUpdate();
  };

  private readonly onHashChange = () => {
    const view = viewOf(location.hash);
    if (view === this.view) return;
    this.view = view;
    this.error = '';
    this.focusPending = view;
    this.requestShown();
    this.host.requestUpdate();
  };
}

/** The view a hash names; anything else (no hash, an old or mistyped one) shows Draw. */
export function viewOf(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'draw';
}
