// @ts-check
// A page's console errors and uncaught exceptions, collected as they happen.

/**
 * The page's console errors and uncaught exceptions, as they come: a page of
 * playwright-core or of puppeteer-core, whose events have the same shape.
 * @param {{ on(event: string, listener: (value: any) => void): unknown }} page
 */
export function collectErrors(page) {
  /** @type {string[]} */
  const errors = [];
  page.on('console', (/** @type {{ type(): string, text(): string }} */ message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (/** @type {unknown} */ error) =>
    errors.push(error instanceof Error ? error.message : String(error)),
  );
  return errors;
}
