// @ts-check
// What kept a page's main thread busy: its long tasks, and what ran in each long
// animation frame (the scripts, or none: then rendering or a commit), recorded from the
// page's first script on. Shared by the end-to-end tests and the responsiveness bench.

/**
 * Records long tasks and long animation frames in every document `page` loads.
 * @param {import('playwright-core').Page} page
 */
export async function recordMainThread(page) {
  await page.addInitScript(() => {
    const record = {
      longTasks: /** @type {{ start: number, duration: number }[]} */ ([]),
      slowFrames: /** @type {{ start: number, scripts: string[] }[]} */ ([]),
    };
    Object.assign(window, { mainThread: record });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        record.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of /** @type {any[]} */ (list.getEntries())) {
        if (entry.duration < 50) continue;
        const scripts = entry.scripts.map(
          (/** @type {any} */ s) =>
            `${s.invoker} ${Math.round(s.duration)} ms (${s.sourceFunctionName || '?'} ${s.sourceURL.split('/').at(-1)}:${s.sourceCharPosition})`,
        );
        const until = (/** @type {number} */ start) => Math.round(start ? entry.startTime + entry.duration - start : 0);
        record.slowFrames.push({
          start: entry.startTime,
          scripts: [
            `${Math.round(entry.duration)} ms frame (blocking ${Math.round(entry.blockingDuration)}, render ${until(entry.renderStart)}, style and layout ${until(entry.styleAndLayoutStart)})`,
            ...scripts,
          ],
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/**
 * The long tasks and slow frames that began from `from` to `to` (the page's clock, ms),
 * with times counted from `from`.
 * @param {import('playwright-core').Page} page
 * @param {number} from
 * @param {number} [to]
 */
export async function readMainThread(page, from, to = Infinity) {
  /** @type {{ longTasks: { start: number, duration: number }[], slowFrames: { start: number, scripts: string[] }[] }} */
  const record = await page.evaluate(() => /** @type {any} */ (window).mainThread);
  const within = (/** @type {{ start: number }} */ entry) => entry.start >= from && entry.start <= to;
  return {
    longTasks: record.longTasks.filter(within).map((task) => ({
      at: Math.round(task.start - from),
      ms: Math.round(task.duration),
    })),
    slowFrames: record.slowFrames
      .filter(within)
      .map((frame) => `${Math.round(frame.start - from)}: ${frame.scripts.join('; ')}`),
  };
}

/**
 * Starts a Chromium trace of `page`; `stop()` ends it and returns each task of the page's
 * main thread that took over `minMs` of wall-clock time, with the CPU time the thread
 * spent on it. On a machine whose cores the training threads fill, a task can take long
 * while the thread waits for a core: the CPU time is the page's own work.
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').Page} page
 * @param {number} [minMs]
 */
export async function traceMainThread(browser, page, minMs = 50) {
  await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  return {
    stop: async () => {
      const buffer = await browser.stopTracing();
      /** @type {any[]} */
      const events = JSON.parse(buffer.toString('utf8')).traceEvents;
      const origin = new URL(page.url()).origin;
      const started = events.find((event) => event.name === 'TracingStartedInBrowser');
      /** @type {{ url: string, processId: number, parent?: string }[]} */
      const frames = started?.args?.data?.frames ?? [];
      const pids = new Set(frames.filter((f) => !f.parent && f.url.startsWith(origin)).map((f) => f.processId));
      const mains = new Set(
        events
          .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain')
          .filter((e) => pids.size === 0 || pids.has(e.pid))
          .map((e) => `${e.pid}:${e.tid}`),
      );
      if (mains.size === 0) throw new Error(`The trace holds no main thread of a page at ${origin}.`);
      return events
        .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`) && e.dur > minMs * 1000)
        .map((e) => ({ wallMs: Math.round(e.dur / 1000), cpuMs: Math.round((e.tdur ?? e.dur) / 1000) }));
    },
  };
}
