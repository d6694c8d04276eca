// @ts-check
// Lighthouse on Debian's Chromium, shared by `npm run audit` (bench/audit.mjs) and the
// end-to-end audit test: a fresh Chromium (its own temporary profile) for each run.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

/** The categories Lighthouse 12 has (it dropped the PWA category). */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/**
 * Runs Lighthouse on `url`: `mobile` is its default (a throttled mid-range phone),
 * `desktop` its desktop preset. A run that Lighthouse itself says went wrong (on a
 * loaded machine its trace sometimes misses the navigation: NO_NAVSTART) is run again
 * once, as its message asks.
 * @param {string} url
 * @param {{ formFactor?: 'mobile' | 'desktop', categories?: string[] }} [options]
 * @returns {Promise<import('lighthouse').Result>}
 */
export async function runLighthouse(url, options = {}) {
  try {
    return await runOnce(url, options);
  } catch (error) {
    if (!(error instanceof LighthouseRuntimeError)) throw error;
    return runOnce(url, options);
  }
}

class LighthouseRuntimeError extends Error {}

/**
 * @param {string} url
 * @param {{ formFactor?: 'mobile' | 'desktop', categories?: string[] }} options
 */
async function runOnce(url, { formFactor = 'mobile', categories = CATEGORIES }) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', ...chromiumArgs],
    logLevel: 'error',
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) {
      throw new LighthouseRuntimeError(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    }
    return lhr;
  } finally {
    chrome.kill();
  }
}

/**
 * Scores (0-100) of each category that ran.
 * @param {import('lighthouse').Result} lhr
 * @returns {Record<string, number | null>}
 */
export function categoryScores(lhr) {
  return Object.fromEntries(
    Object.entries(lhr.categories).map(([id, category]) => [
      id,
      category.score === null ? null : Math.round(category.score * 100),
    ]),
  );
}

/**
 * The audits of a category that count towards its score and did not pass, with the
 * elements they name (for a message that says what to fix).
 * @param {import('lighthouse').Result} lhr
 * @param {string} categoryId
 * @returns {{ id: string, title: string, score: number | null, items: string[] }[]}
 */
export function failingAudits(lhr, categoryId) {
  const category = lhr.categories[categoryId];
  if (!category) return [];
  return category.auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 0.9)
    .map((audit) => ({ id: audit.id, title: audit.title, score: audit.score, items: auditItems(audit) }));
}

/**
 * What an audit found, as short strings: the node's selector or snippet, or the URL.
 * @param {import('lighthouse').Result['audits'][string]} audit
 */
function auditItems(audit) {
  const details = /** @type {{ items?: Record<string, unknown>[] } | undefined} */ (audit.details);
  return (details?.items ?? []).slice(0, 10).map((item) => {
    const node = /** @type {{ selector?: string, snippet?: string } | undefined} */ (item.node);
    if (node) return node.selector || node.snippet || '';
    return String(item.url ?? item.source ?? item.description ?? JSON.stringify(item).slice(0, 120));
  });
}
