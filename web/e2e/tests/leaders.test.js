// End-to-end test of the community leaders (issue 13, item 3): an
// official's entity page lists the business, religious and civic leaders
// to engage, best first, each with why (district, tie, stance, path) and
// the next step, by name and never by raw id; a viewer sees no private
// person; an editor puts a leader on the campaign's weekly outreach list;
// and the section meets WCAG 2.1 AA and fits a phone.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { assertAccessibleAndFits } from '../lib/axe.js';
import { DESKTOP, PHONE, CAMPAIGN } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('community leaders to engage', { skip: skipAll }, () => {
  let srv;
  let browser;
  let senator; // the demo campaign's first target
  let leaders; // the API's answer for them

  before(async () => {
    srv = await start();
    browser = await launch();
    const c = await srv.api('GET', `/campaigns/${CAMPAIGN}`);
    assert.equal(c.status, 200, JSON.stringify(c.body));
    senator = (await srv.api('GET', `/entities/${encodeURIComponent(c.body.targets[0].entity)}`)).body;
    const r = await srv.api('GET', `/entities/${encodeURIComponent(senator.id)}/leaders?limit=10`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    leaders = r.body;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  it("lists the demo's tenants' leader first, with why and the next step, by name", async () => {
    // The demo puts a tenants' leader in the senator's district who knows
    // the senator and signed our letter: the best access of all.
    assert.equal(leaders.leaders[0].person.name, 'Rosalind Featherstone');
    assert.ok(leaders.leaders.length >= 3, 'more leaders from the generated congregations and businesses');
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    const items = page.locator('ol.leaders > li.leader');
    await items.first().waitFor({ timeout: 30_000 });
    assert.equal(await items.count(), leaders.leaders.length);
    const first = await items.first().innerText();
    assert.match(first, /Rosalind Featherstone/);
    assert.match(first, /Civic/);
    assert.match(first, new RegExp(`a constituent of ${senator.name}`));
    assert.match(first, new RegExp(`Directly tied: knows ${senator.name}`));
    assert.match(first, /Strongly supports Fair Housing Act/);
    assert.match(first, /Next: Hold a one-on-one with Rosalind Featherstone/);
    const names = await page.locator('ol.leaders > li.leader .leader-name strong').allInnerTexts();
    assert.deepEqual(
      names.map((n) => n.trim()),
      leaders.leaders.map((l) => l.person.name),
      'in the API order',
    );
    const text = await page.locator('ol.leaders').innerText();
    assert.equal(text.match(/\b[a-z]+-(demo-)?\d{2,}\b/g), null, 'names, not ids');
    await page.getByRole('link', { name: 'Rosalind Featherstone' }).first().click();
    await page.locator('main h1', { hasText: 'Rosalind Featherstone' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  it('shows a viewer no private person', async () => {
    const viewer = await srv.token('viewer');
    const r = await srv.api('GET', `/entities/${encodeURIComponent(senator.id)}/leaders?limit=200`, null, viewer);
    assert.equal(r.status, 200);
    for (const l of r.body.leaders) {
      assert.ok(!l.person.private, `${l.person.name} is private`);
      if (l.messenger) for (const n of l.messenger.path.nodes) assert.ok(!n.private, `${n.name} in a path is private`);
      if (l.access) for (const n of l.access.nodes) assert.ok(!n.private, `${n.name} in a path is private`);
    }
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, viewer);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    await page.locator('ol.leaders > li.leader').first().waitFor({ timeout: 30_000 });
    assert.match(await page.locator('ol.leaders').innerText(), /Rosalind Featherstone/);
    await page.context().close();
  });

  it("puts a leader on the campaign's weekly list, and off the leaders to engage", async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    await page.locator('ol.leaders > li.leader').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Add to the weekly list: Rosalind Featherstone' }).click();
    const status = page.locator('p.leader-added');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.innerText(), /Rosalind Featherstone is on the weekly list of Win the Fair Housing Act/);
    await page.waitForFunction(() => !document.querySelector('ol.leaders')?.innerText.includes('Rosalind Featherstone'), null, { timeout: 30_000 });
    await status.getByRole('link', { name: 'Win the Fair Housing Act' }).click();
    const entry = page.locator('li.outreach-entry', { hasText: 'Rosalind Featherstone' });
    await entry.first().waitFor({ timeout: 30_000 });
    const c = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    assert.ok(c.contacts.includes('leader-demo-01'), JSON.stringify(c.contacts));
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
    // Leave the demo as it was for the next tests.
    const del = await srv.api('DELETE', `/campaigns/${CAMPAIGN}/contacts/leader-demo-01`);
    assert.equal(del.status, 200, JSON.stringify(del.body));
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`meets WCAG 2.1 AA and fits the screen (${size}, ${viewport.width} px)`, async () => {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
      await page.locator('ol.leaders > li.leader').first().waitFor({ timeout: 30_000 });
      await assertAccessibleAndFits(page);
      await page.locator('#leaders-h').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`leaders-${size}`) });
      await page.context().close();
    });
  }
});
