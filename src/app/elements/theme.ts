import { css } from 'lit';

/**
 * Styles at the top of every stylesheet of an element with controls (`${controls}`):
 * a document's stylesheet does not reach into shadow roots, so the focus ring and the
 * controls' font are set in each root, with the colours of static/app.css (custom
 * properties do inherit into them).
 */
export const controls = css`
  :focus-visible {
    outline: 3px solid var(--focus-color, #1558b0);
    outline-offset: 2px;
  }
  button,
  input,
  select {
    font: inherit;
  }
  .error {
    color: var(--error-color, #b00020);
  }
`;
