// End-to-end tests of the organizer's answers (issue 12): the first-run
// sign-in link, the inner circle, import problems, "who knows X" as
// sentences and search, on the real binary serving the demo map, in
// headless Chromium.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('answers first, names everywhere', { skip: skipAll }, () => {
  let srv;
  let browser;
  let senator; // a demo State Senator

  before(async () => {
    srv = await start();
    browser = await launch();
    const r = await srv.api('GET', '/entities?kind=official&limit=200');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    senator = r.body.items.find((e) => /senator/i.test(e.title || ''));
    assert.ok(senator, 'the demo has a State Senator');
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');

  it('the first-run link lands on the home view and never shows the token', async () => {
    const page = await newPage(browser, srv.url);
    // Record every text the page ever shows, from its first node on.
    await page.addInitScript(() => {
      window.__seenText = [];
      const note = () => document.body && window.__seenText.push(document.body.innerText);
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`/#token=${encodeURIComponent(srv.adminToken)}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'The power map' }).waitFor();
    assert.equal(await page.getByText('Not found').count(), 0);
    const seen = await page.evaluate(() => window.__seenText.join('\n') + document.documentElement.outerHTML);
    assert.ok(!seen.includes(srv.adminToken), 'the token is never in the page');
    assert.ok(!seen.includes('token='), 'nor the link');
    assert.ok(!page.url().includes('token='), `the token is gone from ${page.url()}`);
    assert.equal(await page.evaluate(() => window.__powermap.state.route.path), '/');
    await page.screenshot({ path: screenshotPath('signin-link') });
    problemsOf(page);
    await page.context().close();
  });

  it("lists a senator's inner circle by name", async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    const items = page.locator('ol.innercircle li');
    await items.nth(2).waitFor({ timeout: 30_000 });
    const names = await items.locator('a').allInnerTexts();
    assert.ok(names.length >= 3, `at least 3 names, got ${names}`);
    assert.ok(names.every((n) => n.trim() && !/^[a-z]+-\d/.test(n)), `names, not ids: ${names}`);
    await page.locator('#ic-h').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('inner-circle') });
    problemsOf(page);
    await page.context().close();
  });

  it('an import with two bad rows reports two problems', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    await page.goto('/#/import');
    const csv = 'id,kind,name\ne2e-ok,person,Oona Okayfield\ne2e-bad1,wizard,Bad Row\ne2e-bad2,sorcerer,Worse Row\n';
    await page.getByLabel('File').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.locator('.report.failed');
    await report.waitFor();
    assert.equal((await report.locator('caption').innerText()).trim(), '2 problems');
    assert.equal(await report.locator('tbody tr').count(), 2);
    await page.screenshot({ path: screenshotPath('import-two-problems') });
    problemsOf(page);
    await page.context().close();
  });
});
