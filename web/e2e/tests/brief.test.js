// End-to-end test of the legislator brief (issue 13, item 8): an official's
// entity page links to the brief, the brief shows its seven sections in
// order with names and roles, never a raw id, meets WCAG 2.1 AA at both
// sizes, and prints without the app's header.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { assertAccessibleAndFits } from '../lib/axe.js';
import { DESKTOP, PHONE, CAMPAIGN } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

const SECTIONS = [
  '1. Their agenda',
  '2. Who funds them',
  '3. Their inner circle',
  '4. Who we know',
  '5. Our history with them',
  '6. Our constituents in their district',
  '7. Open asks',
];

describe('the legislator brief', { skip: skipAll }, () => {
  let srv;
  let browser;
  let senator; // a senator the demo campaign targets

  before(async () => {
    srv = await start();
    browser = await launch();
    const c = await srv.api('GET', `/campaigns/${CAMPAIGN}`);
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const id = c.body.targets.map((t) => t.entity).find((e) => /^sen-/.test(e));
    assert.ok(id, 'the demo campaign targets a senator');
    senator = (await srv.api('GET', `/entities/${encodeURIComponent(id)}`)).body;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  it('opens from the entity page and shows every section, with names and not ids', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    await page.getByRole('link', { name: 'Brief', exact: true }).click();
    await page.locator('article.brief h2').first().waitFor({ timeout: 30_000 });
    assert.match(page.url(), /#\/entity\/[^/]+\/brief$/);
    assert.equal(await page.locator('#brief-h').innerText(), senator.name);
    const headings = await page.locator('article.brief h2').allInnerTexts();
    assert.deepEqual(headings.map((h) => h.trim()), SECTIONS);
    // Every section has something to say about a targeted demo senator.
    assert.ok((await page.locator('section[aria-labelledby="brief-funding"] table.brief-cycle tr').count()) > 1, 'funders are listed');
    const circle = page.locator('article.brief section[aria-labelledby="brief-circle"] li');
    assert.ok((await circle.count()) >= 3, 'an inner circle');
    for (const role of await circle.locator('.role').allInnerTexts()) assert.ok(role.trim().length > 2, `a role: ${role}`);
    assert.ok((await page.locator('section[aria-labelledby="brief-intros"] li').count()) >= 1, 'introduction paths');
    assert.ok((await page.locator('table.brief-log tbody tr').count()) >= 1, 'the organizing log');
    const asks = await page.locator('section[aria-labelledby="brief-asks"]').innerText();
    assert.match(asks, /Vote yes on/);
    const constituents = await page.locator('section[aria-labelledby="brief-constituents"]').innerText();
    assert.match(constituents, /of them ours/);
    // The turnout line is this year's turnout report, in its own words.
    const turnout = (await srv.api('GET', `/entities/${encodeURIComponent(senator.id)}/turnout`)).body;
    if (turnout.constituents > 0) assert.ok(constituents.includes(turnout.summary), `${constituents} has ${turnout.summary}`);
    else assert.match(constituents, /none of our events this year brought their constituents yet/);
    const text = await page.locator('main').innerText();
    assert.equal(text.match(/\b[a-z]+-\d{2,}\b/g), null, 'names, not ids');
    await page.screenshot({ path: screenshotPath('brief'), fullPage: true });
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`meets WCAG 2.1 AA and fits the screen (${size}, ${viewport.width} px)`, async () => {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await page.goto(`/#/entity/${encodeURIComponent(senator.id)}/brief`);
      await page.locator('article.brief h2').first().waitFor({ timeout: 30_000 });
      await assertAccessibleAndFits(page);
      await page.screenshot({ path: screenshotPath(`brief-${size}`), fullPage: true });
      await page.context().close();
    });
  }

  it('prints on at most two pages, without the app header', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}/brief`);
    await page.locator('article.brief h2').first().waitFor({ timeout: 30_000 });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false, 'no app header in print');
    assert.equal(await page.locator('.brief-actions').isVisible(), false, 'no buttons in print');
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
      assert.ok(pages >= 1 && pages <= 2, `${format}: ${pages} pages`);
    }
    await page.context().close();
  });

  it('is refused for what is not an official, with a readable error', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent('coalition-ours')}/brief`);
    await page.getByText('not an official').first().waitFor({ timeout: 30_000 });
    await page.context().close();
  });
});
