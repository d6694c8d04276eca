// @ts-check
// The benchmarks' page (bench-page.ts, bundled by esbuild) beside the built app. It is
// answered from memory with the app's own headers, never written into dist: by a route
// in Playwright (openBenchPage), by a proxy in front of the server elsewhere (bench-server.mjs).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/** Where the page lives beside the app. */
export const BENCH_PATH = '/bench/';

/**
 * The page and its script by path, each with the headers serve.json gives the app's files.
 * @returns {Promise<Map<string, { headers: Record<string, string>, body: string }>>}
 */
export async function benchPageFiles() {
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
  return new Map([
    [
      BENCH_PATH,
      {
        headers: { ...headers, 'Content-Type': 'text/html' },
        // The app's icon, so the engine asks for no favicon.ico (a 404 among the page's errors).
        body: `<!doctype html><title>benchmark</title><link rel="icon" href="/icon.svg"><script type="module" src="${BENCH_PATH}page.js"></script>`,
      },
    ],
    [
      `${BENCH_PATH}page.js`,
      { headers: { ...headers, 'Content-Type': 'text/javascript' }, body: bundle.outputFiles[0].text },
    ],
  ]);
}

/**
 * Opens the page in Playwright, answered by a route.
 * @param {import('playwright-core').Browser | import('playwright-core').BrowserContext} browser a new
 *   context of its own, or this context (sharing its storage)
 * @param {string} base the served app's origin
 */
export async function openBenchPage(browser, base) {
  const files = await benchPageFiles();
  const page = await browser.newPage();
  await page.route(`**${BENCH_PATH}**`, (route) =>
    route.fulfill(files.get(new URL(route.request().url()).pathname) ?? { status: 404 }),
  );
  await page.goto(`${base}${BENCH_PATH}`);
  await page.waitForFunction(() => 'measure' in window);
  return page;
}
