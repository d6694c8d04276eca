// Which view the page shows: the URL's hash (#draw, #train, #models, #evaluate), so each
// view has its own address, a link opens it and Back returns to the one before. The
// query keeps the training settings; the hash never touches them. On a wide screen Draw
// stays beside the view (Train when Draw itself is chosen).
import type { ReactiveControllerHost } from 'lit';
import { VIEWS, type View } from '../views/view-names.js';

export class ViewController {
  view: View = viewOf(location.hash);
  /** Views shown at least once: their elements are loaded and kept, with their state. */
  readonly opened = new Set<View>();
  private readonly wideQuery = matchMedia(WIDE);

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called once for each view as it is first shown: it loads that view's elements. */
    private readonly onFirstShow: (view: View) => void,
  ) {
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

  /** Shows `view` as a new history entry, as its link in the bar would. */
  go(view: View): void {
    if (view === this.view) return;
    location.hash = view;
  }

  private openShown(): void {
    for (const view of this.shown) {
      if (this.opened.has(view)) continue;
      this.opened.add(view);
      this.onFirstShow(view);
    }
  }

  private readonly onResize = () => {
    this.openShown();
    this.host.requestUpdate();
  };

  private readonly onHashChange = () => {
    const view = viewOf(location.hash);
    if (view === this.view) return;
    this.view = view;
    this.openShown();
    this.host.requestUpdate();
    // A screen reader hears where it arrived; keyboard users continue from the view's top.
    void this.host.updateComplete.then(() => {
      this.host.shadowRoot?.querySelector<HTMLElement>(`#${view}-view h2`)?.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
    });
  };
}

/** Where the layout puts two views side by side (mnist-app.styles.ts uses the same width). */
export const WIDE = '(min-width: 64rem)';

/** The view a hash names; anything else (no hash, an old or mistyped one) shows Draw. */
export function viewOf(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'draw';
}
