// <mnist-app>'s layout: a centred column of sections; the drawing's parts side by side where they fit.
import { css } from 'lit';
import { controls } from './elements/theme.js';

export const styles = css`
  ${controls}
  :host {
    display: block;
    max-width: 60rem;
    margin: 0 auto;
    padding: 0 1rem 2rem;
  }
  .app-status {
    display: grid;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  .version {
    font-size: 0.85rem;
    opacity: 0.8;
  }
  section {
    margin: 1.25rem 0;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.5rem;
  }
  .draw-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 1rem;
    align-items: start;
  }
`;
