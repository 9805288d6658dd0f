// End-to-end tests of the campaign views: the real powermap binary serving
// the demo map with its demo campaign (embedded store), driven in Debian's
// headless Chromium. Assertions read the app's exposed state
// (window.__powermap.state.campaign) and the accessible page, not pixels.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { audit, describeViolations } from '../lib/axe.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';
const CAMPAIGN = 'campaign-demo';

describe('powermap campaigns', { skip: skipAll }, () => {
  let srv;
  let browser;
  let served = false;

  before(async () => {
    srv = await start();
    browser = await launch();
    served = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).status === 200;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');

  // viewLoaded reports whether the app registered the campaign views: the
  // module web/app/views/campaign.js registers itself once main.js imports
  // it.
  const viewLoaded = async (page) => {
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return (await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).count()) > 0;
  };
  const outreachOf = (page) => page.evaluate(() => window.__powermap.state.campaign && window.__powermap.state.campaign.outreach);

  it('logs an interaction and the outreach list updates', async (t) => {
    assert.ok(served, 'the demo campaign is served');
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    assert.ok(await viewLoaded(page), 'the campaign views are registered');
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: /Win the/ }).click();
    await page.getByRole('heading', { level: 2, name: /Who to meet/ }).waitFor();
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.outreach);
    const before = await outreachOf(page);
    assert.ok(before.entries.length >= 10, `a full list, got ${before.entries.length}`);
    // The first person whose last contact is not this week, with a messenger.
    const pick = before.entries.find((e) => e.status !== 'met_this_week' && e.messenger && e.person.id);
    assert.ok(pick, 'someone to meet');
    const entries = page.locator('li.outreach-entry');
    assert.equal(await entries.count(), before.entries.length);
    const item = page.locator(`li.outreach-entry[data-id="${pick.person.id}"]`);
    await item.locator('details.more > summary').click();
    await item.getByText('Why: score').click();
    assert.ok(await item.getByRole('cell', { name: 'leverage' }).isVisible(), 'the explanation lists the factors');
    await page.screenshot({ path: screenshotPath('campaign-outreach') });

    // Log a one-on-one with them from their entry; the messenger and the
    // person are already filled in.
    await item.getByRole('button', { name: `Log contact with ${pick.person.name}` }).click();
    const form = page.getByRole('form', { name: 'Log an interaction' });
    await form.getByLabel('Type').selectOption('one_on_one');
    await form.getByLabel('Outcome').fill('agreed to bring the senator to a site visit');
    await form.getByRole('button', { name: 'Save to the log' }).click();
    await page.waitForFunction(
      (id) => {
        const o = window.__powermap.state.campaign.outreach;
        const logged = window.__powermap.state.campaign.logged;
        return logged && o && o.entries.every((e) => e.person.id !== id || e.status === 'met_this_week');
      },
      pick.person.id,
    );
    const logged = await page.evaluate(() => window.__powermap.state.campaign.logged);
    assert.ok(logged.interaction.participants.includes(pick.person.id));
    assert.ok(logged.interaction.participants.includes(pick.messenger.person.id), 'the messenger took part');
    const afterList = await outreachOf(page);
    const moved = afterList.entries.find((e) => e.person.id === pick.person.id);
    if (moved) {
      assert.equal(moved.status, 'met_this_week');
      assert.ok(moved.rank > pick.rank || afterList.entries.length === 1, `met this week: ${pick.rank} → ${moved.rank}`);
      assert.ok(moved.last_contact, 'the last contact is shown');
    }
    // The log tab shows the entry.
    await page.getByRole('link', { name: 'Organizing log' }).click();
    await page.locator(`table.log tr[data-id="${logged.interaction.id}"]`).waitFor();
    const violations = await audit(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    problemsOf(page);
    await page.context().close();
  });

  it('renders the campaign grid with its quadrants', async (t) => {
    assert.ok(served, 'the demo campaign is served');
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    assert.ok(await viewLoaded(page), 'the campaign views are registered');
    await page.goto(`/#/campaigns/${CAMPAIGN}?tab=grid`);
    await page.getByRole('heading', { level: 2, name: /Power grid/ }).waitFor();
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.grid);
    const g = await page.evaluate(() => window.__powermap.state.campaign.grid);
    const total = Object.values(g.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, g.points.length);
    for (const [q, name] of [
      ['decision_makers', 'Decision-makers'],
      ['allies', 'Allies'],
      ['opponents', 'Opponents'],
      ['unorganized', 'Unorganized or persuadable'],
    ]) {
      const h = page.getByRole('heading', { level: 3, name: new RegExp(`^${name} \\(\\d+\\)$`) });
      assert.ok(await h.isVisible(), `the ${name} quadrant is shown`);
      assert.ok(g.counts[q] > 0, `the demo has ${name.toLowerCase()}`);
    }
    const targets = g.points.filter((p) => p.target);
    assert.equal(targets.length, 5, 'the five targets are on the grid');
    assert.ok(targets.every((p) => p.quadrant === 'decision_makers'));
    assert.equal(await page.locator('svg.grid-plot circle').count(), g.points.length, 'one point per entity');
    const img = page.getByRole('group', { name: /Power grid/ });
    assert.ok(await img.isVisible());
    await page.screenshot({ path: screenshotPath('campaign-grid') });
    const violations = await audit(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    problemsOf(page);
    await page.context().close();
  });
});
