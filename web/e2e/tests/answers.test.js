// End-to-end tests of the organizer's answers (issue 12): the first-run
// sign-in link, the inner circle, import problems, "who knows X" as
// sentences and search, on the real binary serving the demo map, in
// headless Chromium.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { serious, describeViolations } from '../lib/axe.js';

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
    const roles = await items.locator('.role').allInnerTexts();
    assert.equal(roles.length, names.length, 'every name carries a role');
    assert.ok(roles.every((r) => r.trim().length > 2 && !/\d\.\d{3}/.test(r)), `roles, not raw scores: ${roles}`);
    await page.locator('#ic-h').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('inner-circle') });
    let vs = await serious(page);
    assert.equal(vs.length, 0, describeViolations(vs));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#ic-h').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('inner-circle-390') });
    vs = await serious(page);
    assert.equal(vs.length, 0, describeViolations(vs));
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
  // apiCalls records the API requests a page makes.
  const apiCalls = (page) => {
    const calls = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/')) calls.push(u.pathname.slice('/api/v1'.length) + u.search);
    });
    return calls;
  };

  const noSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('answers who knows X first: sentences with roles and relationships, direct ties first', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    const calls = apiCalls(page);
    const types = (await srv.api('GET', '/types')).body.types;
    const verb = Object.fromEntries(types.map((t) => [t.type, [t.verb, t.inverse]]));
    const want = (await srv.api('GET', `/paths?to=${encodeURIComponent(senator.id)}`)).body;
    assert.ok(want.paths.length >= 2, 'the demo senator has paths');

    await page.goto(`/#/who-knows?to=${encodeURIComponent(senator.id)}`);
    const list = page.getByRole('list', { name: /introduction paths/i });
    const items = list.getByRole('listitem');
    await items.first().waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: `Who knows ${senator.name}?` }).waitFor();

    // The answer starts in the first viewport, at full width.
    const box = await items.first().boundingBox();
    assert.ok(box.y >= 0 && box.y < 800, `the first path starts at ${box.y}px, within the 800px viewport`);
    assert.ok(box.width > 900, `the paths use the width: ${box.width}px`);

    // One sentence per path, one step per hop, names with roles.
    assert.equal(await items.count(), want.paths.length);
    const text = await list.innerText();
    for (const [i, p] of want.paths.entries()) {
      const s = await items.nth(i).locator('.sentence').innerText();
      assert.match(s, /\.$/, `path ${i} is one sentence: ${s}`);
      assert.equal(await items.nth(i).locator('.step').count(), p.hops.length, `one step per hop: ${s}`);
      for (const [j, h] of p.hops.entries()) {
        const v = verb[h.type][h.reverse ? 1 : 0];
        const step = await items.nth(i).locator('.step').nth(j).innerText();
        assert.ok(step.includes(` ${v} `), `step ${j} of path ${i} says "${v}": ${step}`);
      }
      for (const n of p.nodes.slice(1, -1)) {
        assert.ok(s.includes(n.name), `${n.name} is named in ${s}`);
        if (n.title && !n.ours && n.kind !== 'organization') assert.ok(s.includes(`${n.name}, ${n.title}`), `${n.name} comes with their role in ${s}`);
      }
      for (const n of p.nodes) assert.ok(!text.includes(n.id), `no raw id ${n.id} on screen`);
    }
    const hops = await items.evaluateAll((els) => els.map((e) => Number(e.dataset.hops)));
    const firstLong = hops.findIndex((h) => h > 1);
    assert.ok(firstLong < 0 || hops.slice(firstLong).every((h) => h > 1), `direct ties first: ${hops}`);

    // One request per answer, with the API's defaults, and no entity lookups.
    const pathCalls = calls.filter((c) => c.startsWith('/paths'));
    assert.equal(pathCalls.length, 1, `one /paths request: ${calls}`);
    assert.ok(!/[?&](k|max_hops)=/.test(pathCalls[0]), `the API's defaults: ${pathCalls[0]}`);
    assert.deepEqual(calls.filter((c) => c.startsWith('/entities/')), [], 'no per-node entity fetches');
    await page.screenshot({ path: screenshotPath('who-knows-answer') });

    // More paths asks for k+5, in the address that can be shared.
    await page.getByRole('button', { name: 'More paths' }).click();
    await page.waitForFunction((k) => window.__powermap.state.paths && window.__powermap.state.paths.k === k, want.k + 5);
    assert.match(page.url(), new RegExp(`k=${want.k + 5}`));
    const more = (await srv.api('GET', `/paths?to=${encodeURIComponent(senator.id)}&k=${want.k + 5}`)).body;
    await page.waitForFunction((n) => document.querySelectorAll('.wk-paths > li').length === n, more.paths.length);
    const shared = await newPage(browser, srv.url);
    await signIn(shared, srv.adminToken);
    await shared.goto(page.url());
    await shared.locator('.wk-paths > li').nth(more.paths.length - 1).waitFor({ timeout: 30_000 });
    assert.equal(await shared.locator('.wk-paths > li').count(), more.paths.length, 'the shared address shows the same answer');
    await shared.context().close();

    // It prints as sentences, without navigation or map.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false);
    assert.equal(await page.locator('.wk-map').isVisible(), false);
    assert.equal(await page.locator('.wk-settings').isVisible(), false);
    assert.equal(await items.first().locator('.sentence').isVisible(), true);
    await page.screenshot({ path: screenshotPath('who-knows-print'), fullPage: true });
    problemsOf(page);
    await page.context().close();
  });

  it("flags a path through someone who opposes the campaign's issue", async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    const campaign = (await srv.api('GET', '/campaigns')).body.items[0];
    const issue = (await srv.api('GET', `/entities/${encodeURIComponent(campaign.issue)}`)).body;
    const ties = (await srv.api('GET', `/entities/${encodeURIComponent(campaign.issue)}/relationships?types=OPPOSES&limit=1000`)).body.items;
    const against = new Set(ties.map((t) => t.entity.id));
    // A target of the campaign with a path through an opponent.
    let to = '';
    let want = null;
    for (const t of campaign.targets) {
      const r = (await srv.api('GET', `/paths?to=${encodeURIComponent(t.entity)}&k=20`)).body;
      if (r.paths.some((p) => p.nodes.slice(1).some((n) => against.has(n.id)))) {
        to = t.entity;
        want = r;
        break;
      }
    }
    assert.ok(to, 'a campaign target is reached through an opponent of the issue');
    await page.goto(`/#/who-knows?to=${encodeURIComponent(to)}&k=20`);
    await page.locator('.wk-paths > li').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.wk-opposes').count(), 0, 'no flag without a campaign');
    await page.getByLabel('For the campaign').selectOption(campaign.id);
    await page.locator('.wk-opposes').first().waitFor();
    assert.match(page.url(), new RegExp(`campaign=${campaign.id}`));
    const items = page.locator('.wk-paths > li');
    for (const [i, p] of want.paths.entries()) {
      const n = p.nodes.slice(1).filter((x) => against.has(x.id)).length;
      assert.equal(await items.nth(i).locator('.wk-opposes').count(), n, `path ${i} flags ${n} opponents`);
      assert.equal(await items.nth(i).locator('.wk-warn').count(), n ? 1 : 0);
      if (n) assert.match(await items.nth(i).locator('.sentence').innerText(), new RegExp(`\\(opposes ${issue.name}\\)`));
    }
    const flagged = items.filter({ has: page.locator('.wk-warn') }).first();
    await flagged.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('who-knows-opposes') });
    problemsOf(page);
    await page.context().close();
  });

  it('asks who knows X from an empty question, by keyboard', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto('/#/who-knows');
    assert.equal(await page.locator('.wk-map').isVisible(), false, 'no empty map before a target');
    const box = page.getByRole('combobox', { name: /Target/ });
    await box.fill(senator.name);
    await page.locator('#wk-target-list [role=option]').first().waitFor();
    await box.press('Enter');
    await page.locator('.wk-paths > li').first().waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).hash, `#/who-knows?to=${encodeURIComponent(senator.id)}`);
    await page.waitForFunction(() => {
      const { graph: g, renderer: r } = window.__powermap;
      let n = 0;
      if (g) g.forEachNode((id) => (n += r.getNodeDisplayData(id).highlighted ? 1 : 0));
      return n >= 2;
    });
    const first = await page.evaluate(() => window.__powermap.state.paths.paths[0].nodes.map((n) => n.id).sort());
    const lit = await page.evaluate(() => {
      const { graph: g, renderer: r } = window.__powermap;
      const out = [];
      g.forEachNode((id) => r.getNodeDisplayData(id).highlighted && out.push(id));
      return out.sort();
    });
    assert.deepEqual(lit, first, 'the first path stands out on the map');
    // Changing the target clears the answer.
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('combobox', { name: /Target/ }).waitFor();
    assert.equal(await page.locator('.wk-paths').count(), 0, 'no answer without a target');
    problemsOf(page);
    await page.context().close();
  });

  it('fits who knows X on a 390px phone, without sideways scrolling, accessibly', async () => {
    const page = await newPage(browser, srv.url, { viewport: { width: 390, height: 844 } });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/who-knows?to=${encodeURIComponent(senator.id)}`);
    await page.locator('.wk-paths > li').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.__powermap.state.map.layout !== 'running');
    assert.ok((await noSideways(page)) <= 0, `no sideways scrolling: ${await noSideways(page)}px too wide`);
    await page.screenshot({ path: screenshotPath('who-knows-390'), fullPage: true });
    const vs = await serious(page);
    assert.equal(vs.length, 0, describeViolations(vs));
    // Nor does any other view: wide tables scroll within themselves.
    for (const h of ['#/', `#/entity/${encodeURIComponent(senator.id)}`, `#/search?q=${encodeURIComponent(senator.name)}`, '#/rankings', '#/campaigns', '#/import']) {
      await page.goto(`/${h}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.ok((await noSideways(page)) <= 0, `${h} does not scroll sideways: ${await noSideways(page)}px too wide`);
    }
    problemsOf(page);
    await page.context().close();
  });

  it('search puts the official first and says how many match', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    // A last name that an official and many others share.
    const officials = (await srv.api('GET', '/entities?kind=official&limit=200')).body.items;
    let q = '';
    let want = null;
    for (const o of officials) {
      const last = o.name.split(' ').pop();
      const r = (await srv.api('GET', `/search?q=${encodeURIComponent(last)}&limit=10`)).body;
      if (r.more && r.items.some((e) => e.kind !== 'official')) {
        q = last;
        want = r;
        break;
      }
    }
    assert.ok(q, 'an official shares a last name with many others');
    assert.equal(want.items[0].kind, 'official', `the API ranks an official first for ${q}`);

    const box = page.getByRole('combobox', { name: /search people/i });
    await box.fill(q);
    const options = page.locator('#search-list [role=option]');
    await options.first().waitFor();
    const first = await options.first().innerText();
    assert.ok(first.includes(want.items[0].name) && /official/.test(first), `the official comes first: ${first}`);
    const seeAll = page.getByRole('option', { name: new RegExp(`See all ${want.total}\\+? matches`) });
    await seeAll.waitFor();
    const shown = await page.locator('#search-list').innerText();
    for (const e of want.items) assert.ok(!shown.includes(e.id), `no raw id ${e.id} in the list`);
    await page.screenshot({ path: screenshotPath('search-count') });

    // The keyboard reaches "See all", which opens the search page.
    for (let i = 0; i < want.items.length; i++) await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), `search-list-${want.items.length}`);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Search: “${q}”` }).waitFor();
    const rows = page.locator('table.search-results tbody tr');
    await rows.first().waitFor();
    const status = await page.locator('.search-count').innerText();
    assert.match(status, new RegExp(`of ${want.total}\\+? matches`), status);
    assert.equal(await rows.count(), Math.min(25, want.total));
    assert.ok((await rows.first().innerText()).includes(want.items[0].name));
    if (want.total > 25) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await page.waitForFunction(() => document.querySelectorAll('table.search-results tbody tr').length > 25);
    }
    const table = await page.locator('table.search-results').innerText();
    assert.ok(!/\b[a-z]+-\d+[a-z]?\b/.test(table), 'no raw ids in the results');
    await page.screenshot({ path: screenshotPath('search-page'), fullPage: true });
    const vs = await serious(page);
    assert.equal(vs.length, 0, describeViolations(vs));

    // An exact name comes first.
    await box.fill(want.items[0].name);
    await page.locator('#search-list [role=option]').first().waitFor();
    await page.waitForFunction((n) => (document.querySelector('#search-list [role=option]') || {}).innerText?.includes(n), want.items[0].name);
    problemsOf(page);
    await page.context().close();
  });
});
