// browser.js launches Debian's Chromium through playwright-core and watches
// every page for script errors and CSP violations, which fail the tests.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const outputDir = path.resolve(here, '..', 'output');

/** chromiumPath finds the browser: $CHROMIUM, else `which chromium`. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('chromium not found: apt-get install -y chromium, or set CHROMIUM');
}

export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: FLAGS, headless: true });
}

/**
 * newPage opens a page in a fresh context (its own cookies) and records
 * page errors, console errors and CSP violations in page.problems.
 */
export async function newPage(browser, baseURL, opts = {}) {
  const ctx = await browser.newContext({ baseURL, viewport: opts.viewport || { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const t = m.text();
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(t)) {
      page.problems.push(`console: ${t}`);
    }
    if (/Content Security Policy/i.test(t)) page.problems.push(`csp: ${t}`);
  });
  return page;
}

export function screenshotPath(name) {
  mkdirSync(outputDir, { recursive: true });
  return path.join(outputDir, `${name}.png`);
}

/** signIn pastes a token into the sign-in form and waits for the app shell. */
export async function signIn(page, token) {
  await page.goto('/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** waitReady waits for the app to have booted. */
export async function waitReady(page) {
  await page.waitForFunction(() => window.__powermap && window.__powermap.ready === true);
}
