// @ts-check
// Accessibility end to end, on the production build as `npm start` serves it (run
// `npm run build` first): Lighthouse's accessibility and best-practices categories; then,
// in a page with every panel filled (a model trained, a digit drawn and labelled, an
// evaluation and a matrix cell opened), on a wide screen (Draw beside each other view in
// turn), Tab reaches every control, each with a visible focus ring and an accessible name,
// the keys work, and in both colour schemes the text keeps WCAG AA contrast and axe (the
// rules Lighthouse runs) finds nothing.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { installA11yChecks } from '../support/a11y-checks.mjs';
import { appAndBrowser } from '../support/app-and-browser.mjs';
import { SEVEN, showView } from '../support/app-harness.mjs';
import { failingAudits, runLighthouse } from '../support/lighthouse.mjs';

// The other end-to-end files use E2E_PORT and the few above it.
const PORT = Number(process.env.E2E_PORT ?? '8181') + 20;
const DESKTOP = { viewport: { width: 1280, height: 900 } };

const app = appAndBrowser(PORT);
/** @type {Promise<import('playwright-core').Page> | undefined} */
let filled;

test('Lighthouse: accessibility and best practices score at least 95 on the first visit', async (t) => {
  const lhr = await runLighthouse(`${app.base}/`, { categories: ['accessibility', 'best-practices'] });
  for (const id of ['accessibility', 'best-practices']) {
    const score = Math.round((lhr.categories[id].score ?? 0) * 100);
    t.diagnostic(`${id}: ${score}`);
    const failing = failingAudits(lhr, id).map(
      (audit) => `${audit.title}${audit.items.length ? ` (${audit.items.join('; ')})` : ''}`,
    );
    assert.ok(score >= 95, `${id} scored ${score}; failing: ${failing.join(' | ') || 'none listed'}`);
  }
});

/** Draws a stroke with the mouse through points in the pad's 0-1 units. */
async function drawWithMouse(/** @type {import('playwright-core').Page} */ page, /** @type {number[][]} */ points) {
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  assert.ok(box, 'the pad is on screen');
  const at = ([x, y]) => /** @type {[number, number]} */ ([box.x + x * box.width, box.y + y * box.height]);
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point));
  await page.mouse.up();
}

/**
 * The app with every panel showing its controls: a one-epoch model, a digit drawn and
 * labelled, the test evaluation with a matrix cell open, a run being renamed. Made once.
 */
function filledPage() {
  filled ??= (async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.addInitScript(installA11yChecks);
    // wasm straight away: auto would first measure every backend.
    await page.goto(`${app.base}/?epochs=1&limit=1000&backend=wasm`);
    await page.getByText(/MNIST ready/).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/Training complete/).waitFor({ timeout: 300_000 });
    await drawWithMouse(page, SEVEN);
    await page.getByRole('button', { name: 'Label the drawing as 7' }).click();
    await page.getByText('1 labelled digits').waitFor();
    await showView(page, 'Evaluate');
    await page.getByRole('button', { name: 'Evaluate on the test images' }).click();
    await page.getByText(/test accuracy/).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: /^True 7, said 7/ }).click();
    await page.getByRole('heading', { name: /True 7, said 7/ }).waitFor();
    await showView(page, 'Models');
    await page.getByRole('button', { name: /^Rename / }).click();
    // The charts are made as they come into view.
    await showView(page, 'Train');
    await page.locator('training-charts').scrollIntoViewIfNeeded();
    await page.evaluate(
      () => document.querySelector('mnist-app')?.shadowRoot?.querySelector('training-charts')?.plotted,
    );
    return page;
  })();
  return filled;
}

/** Views to walk: on a wide screen Draw is beside each of them. */
const VIEWS = /** @type {const} */ (['Train', 'Models', 'Evaluate']);

test('keyboard: in each view Tab reaches every control, each with a visible focus ring and an accessible name', async (t) => {
  const page = await filledPage();
  let controls = 0;
  for (const view of VIEWS) {
    await showView(page, view);
    controls += await walkTabStops(t, page, view);
  }
  assert.ok(controls > 130, `the filled views have their controls (${controls})`);
  await showView(page, 'Train');
});

/**
 * One lap of Tab through what is on screen: every control reached, each with a ring and a name.
 * @param {import('node:test').TestContext} t
 * @param {import('playwright-core').Page} page
 * @param {string} view
 */
async function walkTabStops(t, page, view) {
  const stops = await page.evaluate(() => /** @type {any} */ (window).a11yChecks.markTabStops());
  t.diagnostic(`${view}: ${stops.length} controls to reach`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Accessibility.enable');
  /** The focused element's role and accessible name, as the accessibility tree has them. */
  async function focusedName() {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.a11yChecks.deepActive()' });
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
      backendNodeId: node.backendNodeId,
      fetchRelatives: false,
    });
    const own = nodes.find((each) => each.backendDOMNodeId === node.backendNodeId) ?? nodes[0];
    return { role: String(own?.role?.value ?? ''), name: String(own?.name?.value ?? '').trim() };
  }

  /** @type {Map<string, { what: string, outline: string, boxShadow: string }>} */
  const reached = new Map();
  const problems = [];
  const unfocused = new Map(stops.map((stop) => [String(stop.id), stop]));
  // One lap of the page and a little more: focus leaves the page once after the last control.
  for (let press = 0; press < stops.length + 10; press++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => /** @type {any} */ (window).a11yChecks.focusedStyle());
    if (!focused) continue; // past the last control
    if (focused.id === null) {
      problems.push(`Tab reached something not counted as a control: ${focused.what}`);
      continue;
    }
    if (reached.has(focused.id)) break; // round again
    reached.set(focused.id, focused);
    const before = unfocused.get(focused.id);
    if (!focused.focusVisible) problems.push(`${focused.what}: not :focus-visible after Tab`);
    if (focused.ringWidth < 2 && focused.boxShadow === before?.boxShadow) {
      problems.push(`${focused.what}: no focus ring (outline ${focused.outline})`);
    } else if (focused.outline === before?.outline && focused.boxShadow === before?.boxShadow) {
      problems.push(`${focused.what}: looks the same focused and not`);
    } else if (focused.ringWidth >= 2 && focused.ringContrast < 3) {
      problems.push(`${focused.what}: focus ring at ${focused.ringContrast.toFixed(2)}:1 with its background`);
    }
    const { role, name } = await focusedName();
    if (!name || ['generic', 'none', ''].includes(role))
      problems.push(`${focused.what}: role "${role}", name "${name}"`);
  }
  const missed = stops.filter((stop) => !reached.has(String(stop.id))).map((stop) => stop.what);
  assert.deepEqual(missed, [], `${view}: Tab reaches every control`);
  assert.deepEqual(problems, [], `${view}: each shows its focus and has a name`);
  await cdp.detach();
  return stops.length;
}

test('keyboard: the pad, a matrix cell, a chart legend, a select, a checkbox and a button work from the keys', async () => {
  const page = await filledPage();
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  const emptyPad = page.getByText('Draw a digit on the pad: the prediction updates as you draw.');
  // Escape clears the drawing the page was filled with; Backspace takes a stroke back.
  await page.getByText(/% sure/).waitFor();
  await pad.focus();
  await page.keyboard.press('Escape');
  await emptyPad.waitFor();
  await drawWithMouse(page, SEVEN);
  await page.getByText(/% sure/).waitFor();
  await pad.focus();
  await page.keyboard.press('Backspace');
  await emptyPad.waitFor();

  await showView(page, 'Evaluate');
  await page.getByRole('button', { name: /^True 3, said 5/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /True 3, said 5/ }).waitFor();
  await page.getByRole('button', { name: /^True 5, said 3/ }).focus();
  await page.keyboard.press(' ');
  await page.getByRole('heading', { name: /True 5, said 3/ }).waitFor();

  await showView(page, 'Train');
  const toggle = page.getByRole('button', { name: 'Loss: show validation' });
  await toggle.focus();
  await page.keyboard.press(' ');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'Space hides the series');
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'Enter shows it again');

  // The form's changes show in the URL. The link set a field under "More settings", so
  // they are open.
  assert.equal(await page.locator('train-form details').getAttribute('open'), '');
  await page.getByRole('combobox', { name: 'Backend' }).focus();
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => !location.search.includes('backend=wasm'));
  await page.getByRole('checkbox', { name: 'Augment' }).focus();
  await page.keyboard.press(' ');
  await page.waitForFunction(() => location.search.includes('augment=false'));

  await page.getByRole('button', { name: 'Download history (CSV)' }).focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'mnist-history.csv');
});

/**
 * Text under AA contrast in each view, named with its view; back on Train at the end.
 * @param {import('playwright-core').Page} page
 */
async function lowContrastInEachView(page) {
  const found = [];
  for (const view of VIEWS) {
    await showView(page, view);
    const texts = await page.evaluate(() => /** @type {any} */ (window).a11yChecks.lowContrastText());
    found.push(...texts.map((/** @type {string} */ text) => `${view}: ${text}`));
  }
  await showView(page, 'Train');
  return found;
}

test('dark mode: the page and every element follow prefers-color-scheme with AA contrast, charts included', async () => {
  const page = await filledPage();
  const charts = page.locator('training-charts');
  const chartInk = () =>
    charts.evaluate((element) =>
      /** @type {any} */ (window).a11yChecks.canvasInk(element.shadowRoot.querySelector('.plot canvas')),
    );

  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const light = await page.evaluate(() => /** @type {any} */ (window).a11yChecks.colors());
  const lightInk = await chartInk();
  assert.deepEqual(await lowContrastInEachView(page), [], 'light: text at AA contrast');

  await page.emulateMedia({ colorScheme: 'dark' });
  // The media query's change event comes with the next frame; the charts are made again then.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const dark = await page.evaluate(() => /** @type {any} */ (window).a11yChecks.colors());
  const darkInk = await chartInk();
  assert.deepEqual(await lowContrastInEachView(page), [], 'dark: text at AA contrast');

  const same = Object.keys(light).filter(
    (name) => light[name].color === dark[name]?.color || light[name].background === dark[name]?.background,
  );
  assert.deepEqual(same, [], 'text and background colours change in every element');
  const bodyContrast = await page.evaluate(
    (body) =>
      /** @type {any} */ (window).a11yChecks.contrast(
        /** @type {any} */ (window).a11yChecks.parseColor(body.color),
        /** @type {any} */ (window).a11yChecks.parseColor(body.background),
      ),
    dark.body,
  );
  assert.ok(bodyContrast >= 4.5, `body text ${bodyContrast.toFixed(2)}:1`);
  // Axis labels and ticks: dark ink on the light page, light ink on the dark one (the
  // points' centres, in the page's colour, are the few pixels of the other kind).
  assert.ok(lightInk.dark > 50 && lightInk.dark > 3 * lightInk.light, `light chart ink ${JSON.stringify(lightInk)}`);
  assert.ok(darkInk.light > 50 && darkInk.light > 3 * darkInk.dark, `dark chart ink ${JSON.stringify(darkInk)}`);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('axe: no WCAG 2 A or AA violation on the filled page, in light and dark', async () => {
  const page = await filledPage();
  const require = createRequire(import.meta.url);
  const axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated rather than added as a <script>: the app's CSP allows no inline script.
  await page.evaluate(axe);
  for (const [view, colorScheme] of VIEWS.flatMap((view) =>
    /** @type {const} */ (['light', 'dark']).map((scheme) => /** @type {const} */ ([view, scheme])),
  )) {
    await showView(page, view);
    await page.emulateMedia({ colorScheme });
    /** @type {{ id: string, help: string, nodes: { target: unknown[] }[] }[]} */
    const violations = await page.evaluate(async () => {
      const results = await /** @type {any} */ (window).axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      });
      return results.violations.map(({ id, help, nodes }) => ({
        id,
        help,
        nodes: nodes.map(({ target }) => ({ target })),
      }));
    });
    const found = violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes
          .slice(0, 5)
          .map((n) => JSON.stringify(n.target))
          .join(', ')})`,
    );
    assert.deepEqual(found, [], `${view}, ${colorScheme}: axe violations`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await showView(page, 'Train');
});
