// @ts-check
// The built app as `npm run serve` serves it, with the benchmarks' page beside it, for
// engines that cannot answer a request themselves as Playwright's routes do (Firefox and
// WebKit through their drivers): a proxy in front of the server answers the page's two
// paths from memory and passes every other request through untouched, headers included.
import { createServer, request as forward } from 'node:http';
import { startServer } from '../test/support/app-harness.mjs';
import { freePort } from '../test/support/free-port.mjs';
import { BENCH_PATH, benchPageFiles } from './bench-page.mjs';

/**
 * Serves the app and the page on `port`; the app's own server takes a port no one uses.
 * @param {string | number} port
 * @returns {Promise<{ base: string, page: string, stop: () => void }>}
 */
export async function startBenchServer(port) {
  const files = await benchPageFiles();
  const appPort = await freePort();
  const app = await startServer(appPort);
  const proxy = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (file) {
      response.writeHead(200, file.headers).end(request.method === 'HEAD' ? undefined : file.body);
      return;
    }
    const upstream = forward(
      { host: '127.0.0.1', port: appPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
    request.pipe(upstream);
  });
  try {
    await new Promise((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(Number(port), () => resolve(undefined));
    });
  } catch (error) {
    app.stop();
    throw error;
  }
  const base = `http://localhost:${port}`;
  return {
    base,
    page: `${base}${BENCH_PATH}`,
    stop: () => {
      proxy.closeAllConnections();
      proxy.close();
      app.stop();
    },
  };
}
