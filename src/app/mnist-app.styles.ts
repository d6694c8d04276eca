// <mnist-app>'s layout: on a phone one view at a time over a bar of views at the bottom of
// the screen; from 64rem (WIDE in view-controller.ts) Draw beside the chosen view, under a
// row of tabs.
import { css } from 'lit';
import { controls } from './elements/theme.js';

export const styles = css`
  ${controls}
  :host {
    display: block;
    max-width: 60rem;
    margin: 0 auto;
    /* Room for the bar at the bottom, and for a phone's home indicator under it. */
    padding: 0 1rem calc(4.5rem + env(safe-area-inset-bottom));
  }
  .app-status {
    display: grid;
    gap: 0.5rem;
    margin: 0.5rem 0;
  }
  app-nav {
    position: fixed;
    left: 0;
    right: 0;
    bottom: 0;
    z-index: 1;
    padding-bottom: env(safe-area-inset-bottom);
    background: var(--bg, #fff);
    border-top: 1px solid var(--border, #767676);
  }
  .version {
    font-size: 0.85rem;
    opacity: 0.8;
  }
  section {
    margin: 0.75rem 0 1.25rem;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.5rem;
  }
  h2:focus {
    outline: none;
  }
  .draw-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 0.5rem 1rem;
    align-items: start;
  }
  .pad-area {
    position: relative;
    max-width: 22rem;
  }
  first-steps {
    position: absolute;
    top: 50%;
    left: 0.75rem;
    right: 0.75rem;
    transform: translateY(-50%);
  }
  @media (min-width: 64rem) {
    :host {
      max-width: 84rem;
      padding-bottom: 2rem;
    }
    .top {
      display: flex;
      align-items: end;
      justify-content: space-between;
      gap: 1rem;
      margin-bottom: 0.75rem;
    }
    app-nav {
      position: static;
      flex: 0 0 26rem;
      padding-bottom: 0;
      border-top: none;
      border-bottom: 1px solid var(--border, #767676);
    }
    .views[data-count='2'] {
      display: grid;
      grid-template-columns: minmax(20rem, 24rem) minmax(0, 1fr);
      gap: 2.5rem;
      align-items: start;
    }
    .draw-grid {
      grid-template-columns: 1fr;
    }
  }
  /* The pad is wide here, for numbers (<draw-pad> has the same query): room for it. */
  @media (orientation: landscape) and (max-height: 32rem) {
    .pad-area {
      grid-column: span 2;
      max-width: none;
    }
  }
  @media (min-width: 90rem) {
    .views[data-count='2'] {
      grid-template-columns: minmax(32rem, 40rem) minmax(0, 1fr);
    }
    .pad-area {
      max-width: none;
    }
  }
`;
