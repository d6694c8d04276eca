// @ts-check
// Opens the benchmarks' page (bench-page.ts, bundled by esbuild) beside the built app. It
// is answered from memory with the app's own headers, never written into dist.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * @param {import('playwright-core').Browser | import('playwright-core').BrowserContext} browser a new
 *   context of its own, or this context (sharing its storage)
 * @param {string} base the served app's origin
 */
export async function openBenchPage(browser, base) {
  const bundle = await build({
    entryPoints: ['bench/bench-page.ts'],
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  const config = JSON.parse(await readFile('serve.json', 'utf8'));
  /** @type {Record<string, string>} */
  const headers = Object.fromEntries(config.headers[0].headers.map(({ key, value }) => [key, value]));
  const page = await browser.newPage();
  await page.route('**/bench/**', (route) => {
    const script = route.request().url().endsWith('.js');
    return route.fulfill({
      headers: { ...headers, 'Content-Type': script ? 'text/javascript' : 'text/html' },
      body: script
        ? bundle.outputFiles[0].text
        : '<!doctype html><title>benchmark</title><script type="module" src="/bench/page.js"></script>',
    });
  });
  await page.goto(`${base}/bench/`);
  await page.waitForFunction(() => 'measure' in window);
  return page;
}
