// @ts-check
// Functions run inside the page by every engine's driver (each sends a function's source,
// so each is whole in itself). The app's elements keep their content in open shadow roots,
// which WebDriver classic's selectors and page text do not enter: these walk them.

/** The page's text as a person reads it, shadow roots included, spaces collapsed. */
export function deepText() {
  /** @type {string[]} */
  const parts = [];
  /** @param {Node} node */
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(/** @type {Text} */ (child).data);
      else if (child instanceof Element && !['STYLE', 'SCRIPT', 'TEMPLATE'].includes(child.tagName)) {
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    }
  };
  walk(document.body);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/**
 * The box, in viewport pixels, of the first element matching `selector` (and, with
 * `name`, whose text or aria-label is exactly that), scrolled into view; null if none.
 * @param {{ selector: string, name?: string }} query
 */
export function deepBox({ selector, name }) {
  /** @param {ParentNode} root @returns {Element | undefined} */
  const find = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) {
        const label = element.getAttribute('aria-label') ?? element.textContent?.replace(/\s+/g, ' ').trim();
        if (name === undefined || label === name) return element;
      }
      if (element.shadowRoot) {
        const found = find(element.shadowRoot);
        if (found) return found;
      }
    }
    return undefined;
  };
  const element = find(document);
  if (!element) return null;
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const { x, y, width, height } = element.getBoundingClientRect();
  return { x, y, width, height };
}

/** @param {string} selector the text (shadow roots included) of the first element matching it, or null */
export function deepTextOf(selector) {
  /** @param {ParentNode} root @returns {Element | undefined} */
  const find = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) return element;
      if (element.shadowRoot) {
        const found = find(element.shadowRoot);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = find(document);
  if (!found) return null;
  /** @type {string[]} */
  const parts = [];
  /** @param {Node} node */
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(/** @type {Text} */ (child).data);
      else if (child instanceof Element && !['STYLE', 'SCRIPT', 'TEMPLATE'].includes(child.tagName)) {
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    }
  };
  if (found.shadowRoot) walk(found.shadowRoot);
  walk(found);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * The first element matching `selector` (shadow roots included), or null: handed back to
 * the driver, which then acts on it with its own commands (files chosen, an option picked).
 * @param {string} selector
 */
export function deepElement(selector) {
  /** @param {ParentNode} root @returns {Element | null} */
  const find = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) return element;
      if (element.shadowRoot) {
        const found = find(element.shadowRoot);
        if (found) return found;
      }
    }
    return null;
  };
  return find(document);
}

/** @param {string} selector the aria-labels (else texts) of every element matching it, shadow roots included */
export function deepLabels(selector) {
  /** @type {string[]} */
  const labels = [];
  /** @param {ParentNode} root */
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) {
        labels.push(element.getAttribute('aria-label') ?? element.textContent?.replace(/\s+/g, ' ').trim() ?? '');
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return labels;
}
