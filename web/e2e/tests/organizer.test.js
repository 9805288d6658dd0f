// End-to-end tests of the organizer's campaign views (issue 12): names
// instead of ids, the power grid, rankings in plain language and the
// compact outreach list, on the demo map in Debian's headless Chromium, at
// desktop and phone widths.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { audit, describeViolations } from '../lib/axe.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';
const CAMPAIGN = 'campaign-demo';
const PHONE = { width: 390, height: 844 };
// An entity id of the demo map, such as sen-03 or cstaff-01.
const ID_RE = /\b[a-z]+-\d{2,}\b/g;

describe('powermap organizer views', { skip: skipAll }, () => {
  let srv;
  let browser;

  before(async () => {
    srv = await start();
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');
  const tab = (name) => `/#/campaigns/${CAMPAIGN}?tab=${name}`;

  // openTab shows one campaign tab and waits until its content is there.
  const openTab = async (page, name) => {
    await page.goto(tab(name));
    const ready = {
      outreach: 'li.outreach-entry',
      grid: 'svg.grid-plot .pt',
      log: 'table.log tbody tr',
      targets: 'table.targets tbody tr',
    }[name];
    await page.locator(ready).first().waitFor();
  };

  const idsShown = (page) => page.locator('main').evaluate((m, re) => m.innerText.match(new RegExp(re, 'g')) || [], ID_RE.source);

  // sideways reports how far the page scrolls sideways (0: not at all).
  const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('names people with their roles, never by id, in every campaign view and in rankings', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    for (const name of ['targets', 'log', 'outreach', 'grid']) {
      await openTab(page, name);
      assert.deepEqual(await idsShown(page), [], `ids visible in the ${name} tab`);
      await page.screenshot({ path: screenshotPath(`organizer-${name}`), fullPage: name !== 'grid' });
    }
    await page.goto('/#/rankings?algo=pagerank&top=200');
    await page.locator('table.rankings tbody tr').first().waitFor();
    assert.deepEqual(await idsShown(page), [], 'ids visible in rankings');

    // Targets: names with titles; the Commitment column holds commitments only.
    const c = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    for (const t of c.targets) {
      const ref = c.entities[t.entity];
      assert.ok(ref && ref.name, `the answer names target ${t.entity}`);
      const row = page.locator(`table.targets tr[data-id="${t.entity}"]`);
      await page.goto(tab('targets'));
      await row.waitFor();
      const official = await row.locator('td[data-label="Official"]').innerText();
      assert.ok(official.includes(ref.name), `${official} names ${ref.name}`);
      if (ref.title) assert.ok(official.includes(ref.title), `${official} gives the role ${ref.title}`);
      const commitment = await row.locator('td[data-label="Commitment"]').innerText();
      if (t.status === 'committed') assert.ok(commitment.includes(t.commitment), `commitment shown: ${commitment}`);
      if (t.notes) assert.ok(!commitment.includes(t.notes), `notes are not the commitment: ${commitment}`);
    }
    // The log names its participants with their roles.
    const log = (await srv.api('GET', `/interactions?campaign=${CAMPAIGN}&limit=200`)).body;
    const ix = log.items[0];
    await openTab(page, 'log');
    const who = await page.locator(`table.log tr[data-id="${ix.id}"] td[data-label="Who"]`).innerText();
    for (const p of ix.participants) assert.ok(who.includes(log.entities[p].name), `${who} names ${p}`);
    problemsOf(page);
    await page.context().close();
  });

  it('adds a target by typing part of a name', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    const c = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    const officials = (await srv.api('GET', '/entities?kind=official&limit=100')).body.items;
    const pick = officials.find((o) => !c.targets.some((t) => t.entity === o.id) && o.name.split(' ').pop().length >= 4);
    assert.ok(pick, 'an official who is not a target yet');
    await openTab(page, 'targets');
    const box = page.getByRole('combobox', { name: 'Official to add as a target' });
    await box.fill(pick.name);
    const option = page.locator(`#add-target-list [role=option][data-id="${pick.id}"]`);
    await option.waitFor();
    await page.screenshot({ path: screenshotPath('organizer-add-target') });
    await option.dispatchEvent('mousedown');
    await page.locator(`table.targets tr[data-id="${pick.id}"]`).waitFor();
    const after = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    assert.ok(after.targets.some((t) => t.entity === pick.id), 'the target was added');
    assert.ok((await page.locator(`table.targets tr[data-id="${pick.id}"]`).innerText()).includes(pick.name));
    problemsOf(page);
    await page.context().close();
  });

  it('fits a 390 px phone without scrolling sideways', async () => {
    const page = await newPage(browser, srv.url, { viewport: PHONE });
    await signIn(page, srv.adminToken);
    const wide = [];
    for (const name of ['outreach', 'grid', 'log', 'targets']) {
      await openTab(page, name);
      const over = await sideways(page);
      if (over > 0) wide.push(`${name}: ${over}px`);
      await page.screenshot({ path: screenshotPath(`organizer-phone-${name}`), fullPage: true });
    }
    assert.deepEqual(wide, [], 'views that scroll sideways at 390 px');
    problemsOf(page);
    await page.context().close();
  });

  it('meets WCAG 2.1 AA on the campaign views (axe-core)', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    const found = [];
    for (const name of ['outreach', 'grid', 'log', 'targets']) {
      await openTab(page, name);
      const vs = await audit(page);
      if (vs.length) found.push(`${name}:\n  ${describeViolations(vs)}`);
    }
    assert.equal(found.length, 0, `accessibility violations:\n${found.join('\n')}`);
    problemsOf(page);
    await page.context().close();
  });
});
