// Renders the app's PNG icons (192 and 512 pixels, and a maskable one) from
// static/icon.svg with Debian's Chromium. The PNGs are committed: run this after
// changing the SVG (`node scripts/icons.mjs`), so a build never needs a browser.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.mjs';

const svg = await readFile('static/icon.svg', 'utf8');
const background = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1];
if (!background) throw new Error('static/icon.svg has no <rect fill="..."> to take the background colour from');

// Maskable: the colour fills the whole square (the platform cuts its own shape) and the
// drawing keeps inside the central circle of 80% that every mask leaves visible.
const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background}"/><g transform="translate(6.4 6.4) scale(0.8)">${inner}</g></svg>`;

const icons = [
  { file: 'static/icons/icon-192.png', size: 192, svg },
  { file: 'static/icons/icon-512.png', size: 512, svg },
  { file: 'static/icons/icon-maskable-512.png', size: 512, svg: maskable },
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const icon of icons) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block}</style><img src="${src}" width="${icon.size}" height="${icon.size}">`,
    );
    await page.locator('img').evaluate((img) => /** @type {HTMLImageElement} */ (img).decode());
    await page.screenshot({ path: icon.file, omitBackground: true });
    console.log(`${icon.file}: ${icon.size}x${icon.size}`);
  }
} finally {
  await browser.close();
}
