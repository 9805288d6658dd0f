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

  it('names people for a viewer too, who cannot drag stances', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('viewer'));
    for (const name of ['targets', 'log', 'outreach', 'grid']) {
      await openTab(page, name);
      assert.deepEqual(await idsShown(page), [], `ids visible to a viewer in the ${name} tab`);
    }
    assert.equal(await page.getByRole('button', { name: 'Log an interaction' }).count(), 0);
    const g = await page.evaluate(() => window.__powermap.state.campaign.grid);
    const p = g.points.find((x) => !x.target && x.alignment === null) || g.points[0];
    const dot = page.locator(`svg.grid-plot .pt[data-id="${p.entity.id}"] circle`);
    const box = await dot.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const st = (await srv.api('GET', `/issues/${encodeURIComponent(g.issue.id)}/stances`)).body;
    assert.equal(st.stances.find((x) => x.entity.id === p.entity.id)?.alignment ?? null, p.alignment, 'a viewer records nothing');
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
    // Someone who is not an official is refused, and the reason shows by the box.
    const person = (await srv.api('GET', '/entities?kind=person&limit=20')).body.items.find((p) => !/[^\p{L} .'-]/u.test(p.name));
    const box2 = page.getByRole('combobox', { name: 'Official to add as a target' });
    await box2.fill(person.name);
    const option2 = page.locator(`#add-target-list [role=option][data-id="${person.id}"]`);
    await option2.waitFor();
    await option2.dispatchEvent('mousedown');
    await page.locator('.add-target .error').waitFor();
    assert.match(await page.locator('.add-target .error').innerText(), /official/i);
    problemsOf(page);
    await page.context().close();
  });

  it('draws a power grid that names its top people, labels its quadrants and lists everyone', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await openTab(page, 'grid');
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.grid);
    const g = await page.evaluate(() => window.__powermap.state.campaign.grid);
    const plot = page.locator('svg.grid-plot');
    const labels = await plot.locator('.labels text').allTextContents();
    for (const p of g.points.slice(0, 5)) assert.ok(labels.includes(p.entity.name), `the top person ${p.entity.name} is named on the grid: ${labels}`);
    for (const p of g.points.filter((x) => x.target)) assert.ok(labels.includes(p.entity.name), `the target ${p.entity.name} is named`);
    const quadrantLabels = await plot.locator('.quadrant-labels text').allTextContents();
    for (const q of ['Decision-makers', 'Allies', 'Opponents', 'Unorganized or persuadable']) assert.ok(quadrantLabels.includes(q), `${q} is labelled`);
    const axes = await plot.locator('.axes text').allTextContents();
    assert.ok(axes.some((t) => /Influence/.test(t)) && axes.includes('unknown') && axes.some((t) => /supports/.test(t)), `labelled axes: ${axes}`);
    // Everyone on the grid is listed on the page, with a link to their page.
    assert.equal(await page.locator('.grid-people li').count(), g.points.length);
    // Every point has a tooltip and opens its entity.
    const first = g.points[0];
    await plot.locator(`.pt[data-id="${first.entity.id}"]`).hover();
    const tip = await page.locator('.grid-tip').innerText();
    assert.ok(tip.includes(first.entity.name), tip);
    await page.screenshot({ path: screenshotPath('organizer-grid-tooltip') });
    // Exports: a real PNG and an SVG with every point.
    const png = await page.evaluate(async () => {
      const b = await window.__powermap.powergrid.exportPNG();
      return { type: b.type, head: [...new Uint8Array(await b.slice(0, 8).arrayBuffer())] };
    });
    assert.deepEqual(png.head, [137, 80, 78, 71, 13, 10, 26, 10]);
    const svg = await page.evaluate(() => window.__powermap.powergrid.exportSVG());
    assert.equal((svg.match(/<circle /g) || []).length, g.points.length);
    assert.ok(svg.includes(first.entity.name));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    assert.match(download.suggestedFilename(), /\.svg$/);
    await plot.locator(`.pt[data-id="${first.entity.id}"]`).click();
    await page.getByRole('heading', { level: 1, name: first.entity.name }).waitFor();
    problemsOf(page);
    await page.context().close();
  });

  it('records a stance by dragging a point sideways, and by keyboard', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    await openTab(page, 'grid');
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.grid);
    const g = await page.evaluate(() => window.__powermap.state.campaign.grid);
    const stanceOf = async (id) => {
      const st = (await srv.api('GET', `/issues/${encodeURIComponent(g.issue.id)}/stances`)).body;
      const s = st.stances.find((x) => x.entity.id === id);
      return s ? s.alignment : null;
    };
    const unknown = g.points.filter((p) => p.alignment === null && !p.target);
    assert.ok(unknown.length >= 2, 'people of unknown stance');
    // Drag the first one into the +2 column.
    const dragged = unknown[0];
    const dot = page.locator(`svg.grid-plot .pt[data-id="${dragged.entity.id}"] circle`);
    await dot.scrollIntoViewIfNeeded();
    const box = await dot.boundingBox();
    const to = await page.evaluate(() => window.__powermap.powergrid.clientXOf(2));
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + ((to - box.x - box.width / 2) * i) / 10, y);
    await page.screenshot({ path: screenshotPath('organizer-grid-drag') });
    await page.mouse.up();
    await page.getByRole('status').filter({ hasText: `Recorded: ${dragged.entity.name}` }).waitFor();
    assert.equal(await stanceOf(dragged.entity.id), 2, 'the drag recorded strong support');
    await page.waitForFunction(
      (id) => window.__powermap.state.campaign.grid.points.find((p) => p.entity.id === id).alignment === 2,
      dragged.entity.id,
    );
    // The grid is one tab stop; ↑ ↓ walk from person to person by influence.
    const points = page.locator('svg.grid-plot .pt[tabindex="0"]');
    assert.equal(await points.count(), 1, 'one point in the tab order');
    await points.first().focus();
    const firstId = await page.evaluate(() => document.activeElement.dataset.id);
    await page.keyboard.press('ArrowDown');
    const secondId = await page.evaluate(() => document.activeElement.dataset.id);
    const order = (await page.evaluate(() => window.__powermap.state.campaign.grid.points)).map((p) => p.entity.id);
    assert.equal(order.indexOf(secondId), order.indexOf(firstId) + 1, 'down moves to the next most influential');
    // By keyboard: focus a point, → three times (unknown → −2 → −1 → 0), Enter.
    const keyed = unknown[1];
    await page.locator(`svg.grid-plot .pt[data-id="${keyed.entity.id}"]`).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Recorded: ${keyed.entity.name}` }).waitFor();
    assert.equal(await stanceOf(keyed.entity.id), 0, 'the keyboard recorded neutral');
    problemsOf(page);
    await page.context().close();
  });

  it('ranks influence with roles, parties and ours, in plain language and without raw scores', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto('/#/rankings?algo=pagerank&top=200');
    const rows = page.locator('table.rankings tbody tr');
    await rows.first().waitFor();
    const heads = await page.locator('table.rankings thead th').allInnerTexts();
    for (const h of ['Rank', 'Name', 'Title or role', 'Party', 'Kind', 'Ours', 'Relative influence']) {
      assert.ok(heads.some((x) => x.startsWith(h)), `a ${h} column: ${heads}`);
    }
    assert.match(await page.locator('.rank-means').innerText(), /PageRank measures how much influence reaches them/);
    const api = (await srv.api('GET', '/rankings?algo=pagerank&top=200')).body.results;
    assert.ok(api.some((r) => r.title) && api.some((r) => r.party) && api.some((r) => r.ours), 'the API gives titles, parties and ours');
    const official = api.find((r) => r.party && r.title);
    const row = page.locator(`table.rankings tr[data-id="${official.id}"]`);
    if ((await row.count()) === 0) await page.getByRole('button', { name: /Next/ }).click();
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells.includes(official.title) && cells.includes(official.party), `${cells} shows ${official.title}, ${official.party}`);
    const shown = await page.locator('table.rankings tbody td:last-child').allInnerTexts();
    assert.equal(shown[0], '100', 'the first is 100');
    assert.ok(shown.every((x) => /^\d{1,3}(\.\d)?$/.test(x)), `relative influence, not raw scores: ${shown.slice(0, 5)}`);
    await page.screenshot({ path: screenshotPath('organizer-rankings') });
    await page.getByLabel('Algorithm').selectOption('betweenness');
    await page.locator('.rank-means').filter({ hasText: 'brokers' }).waitFor();
    problemsOf(page);
    await page.context().close();
  });

  it('lists outreach one line per person, flags what is overdue, offers next week on Sunday and prints', async () => {
    const page = await newPage(browser, srv.url);
    const weeks = (await srv.api('GET', `/campaigns/${CAMPAIGN}/outreach/weeks`)).body;
    // The browser's clock on the Sunday that ends the server's current week, at noon.
    const [y, w] = weeks.current.split('-W').map(Number);
    const jan4 = new Date(y, 0, 4);
    const sunday = new Date(y, 0, 4 - ((jan4.getDay() || 7) - 1) + (w - 1) * 7 + 6, 12);
    await page.clock.setFixedTime(sunday);
    await signIn(page, srv.adminToken);
    await openTab(page, 'outreach');
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.outreach);
    const list = await page.evaluate(() => window.__powermap.state.campaign.outreach);
    const day = `${sunday.getFullYear()}-${String(sunday.getMonth() + 1).padStart(2, '0')}-${String(sunday.getDate()).padStart(2, '0')}`;
    const entries = page.locator('li.outreach-entry');
    assert.equal(await entries.count(), list.entries.length);
    const ours = (await srv.api('GET', `/campaigns/${CAMPAIGN}/outreach`)).body.entries.find((e) => e.messenger && e.messenger.person.ours && e.messenger.email);
    assert.ok(ours, 'a messenger of ours with an email in the API answer');
    for (const e of list.entries.slice(0, 8)) {
      const li = page.locator(`li.outreach-entry[data-id="${e.person.id}"]`);
      const line = await li.locator('.line').innerText();
      assert.ok(line.includes(e.person.name) && line.includes(e.action.due), `one line names ${e.person.name} and the due date: ${line}`);
      if (e.messenger) assert.ok(line.includes(e.messenger.person.name), `the line names the messenger: ${line}`);
      assert.equal(await li.locator('details.more').getAttribute('open'), null, 'details start closed');
      const late = e.status !== 'met_this_week' && e.action.due < day;
      assert.equal(await li.evaluate((n) => n.classList.contains('overdue')), late, `${e.person.name} due ${e.action.due} overdue on ${day}`);
      if (late) assert.match(line, /overdue/);
    }
    assert.ok(list.entries.some((e) => e.action.due < day), 'the demo has something overdue');
    // Details: the messenger's role, phone and email.
    const li = page.locator(`li.outreach-entry[data-id="${ours.person.id}"]`);
    await li.locator('details.more > summary').click();
    assert.ok(await li.locator(`a[href="mailto:${ours.messenger.email}"]`).isVisible(), 'the messenger email');
    if (ours.messenger.person.title) assert.ok((await li.locator('.contact').innerText()).includes(ours.messenger.person.title));
    await page.screenshot({ path: screenshotPath('organizer-outreach-compact') });
    // On Sunday the page offers next week.
    const offer = page.getByRole('link', { name: /Plan next week/ });
    await offer.click();
    await page.getByRole('heading', { level: 2, name: /Who to meet next week/ }).waitFor();
    await page.waitForFunction((cur) => window.__powermap.state.campaign.outreach.week > cur, weeks.current);
    const nextList = await page.evaluate(() => window.__powermap.state.campaign.outreach);
    const flagged = await page.locator('li.outreach-entry.overdue').count();
    assert.equal(flagged, nextList.entries.filter((e) => e.status !== 'met_this_week' && e.action.due < day).length, 'only what was due before today is overdue');
    // Print: no header, tabs or buttons.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false);
    assert.equal(await page.locator('li.outreach-entry button').first().isVisible(), false);
    assert.ok(await page.locator('li.outreach-entry .line').first().isVisible());
    await page.screenshot({ path: screenshotPath('organizer-outreach-print'), fullPage: true });
    problemsOf(page);
    await page.context().close();
  });

  it('does not offer next week on a weekday', async () => {
    const page = await newPage(browser, srv.url);
    const weeks = (await srv.api('GET', `/campaigns/${CAMPAIGN}/outreach/weeks`)).body;
    const [y, w] = weeks.current.split('-W').map(Number);
    const jan4 = new Date(y, 0, 4);
    await page.clock.setFixedTime(new Date(y, 0, 4 - ((jan4.getDay() || 7) - 1) + (w - 1) * 7 + 2, 12));
    await signIn(page, srv.adminToken);
    await openTab(page, 'outreach');
    assert.equal(await page.getByRole('link', { name: /Plan next week/ }).count(), 0);
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
      if (name === 'grid') await page.locator('.grid-stage').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`organizer-phone-${name}`) });
    }
    // The log form, open.
    await openTab(page, 'log');
    await page.getByRole('button', { name: 'Log an interaction' }).click();
    await page.getByRole('form', { name: 'Log an interaction' }).waitFor();
    if ((await sideways(page)) > 0) wide.push(`log form: ${await sideways(page)}px`);
    await page.goto('/#/campaigns');
    await page.locator('table.campaigns tbody tr').first().waitFor();
    if ((await sideways(page)) > 0) wide.push(`campaigns: ${await sideways(page)}px`);
    await page.screenshot({ path: screenshotPath('organizer-phone-campaigns') });
    await page.goto('/#/rankings?algo=pagerank&top=50');
    await page.locator('table.rankings tbody tr').first().waitFor();
    const over = await sideways(page);
    if (over > 0) wide.push(`rankings: ${over}px`);
    await page.screenshot({ path: screenshotPath('organizer-phone-rankings') });
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
    await page.goto('/#/rankings?algo=pagerank&top=50');
    await page.locator('table.rankings tbody tr').first().waitFor();
    const vs = await audit(page);
    if (vs.length) found.push(`rankings:\n  ${describeViolations(vs)}`);
    assert.equal(found.length, 0, `accessibility violations:\n${found.join('\n')}`);
    problemsOf(page);
    await page.context().close();
  });
});
