// @ts-check
// A page's console errors and uncaught exceptions, collected as they happen.

/**
 * The page's console errors and uncaught exceptions, as they come.
 * @param {import('playwright-core').Page} page
 */
export function collectErrors(page) {
  /** @type {string[]} */
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
