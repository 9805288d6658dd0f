// The review queue of possible duplicates (#/dedupe) in headless Chromium:
// a pair side by side with its evidence in words, no raw ids, and one key
// to mark it not the same or to merge it.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';
const ID_RE = /\b[a-z]+-\d{2,}\b/;

describe('possible duplicates', { skip: skipAll }, () => {
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

  const count = (page) => page.locator('.dedupe-count').innerText();
  const total = async () => (await srv.api('GET', '/dedupe/pairs?limit=1')).body.total;

  it('shows a pair with its evidence, marks it not the same with n and merges the next with 1', async () => {
    const before = await srv.api('GET', '/dedupe/pairs?limit=2');
    assert.equal(before.status, 200);
    assert.ok(before.body.total >= 2, `the demo has pairs to review: ${JSON.stringify(before.body).slice(0, 200)}`);
    const [first, second] = before.body.items;

    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto('/#/');
    await page.getByRole('link', { name: 'possible duplicates' }).click();
    await page.locator('.dedupe-pair').waitFor();
    const heading = await page.locator('.dedupe-pair h2').innerText();
    assert.ok(heading.includes(first.a.name) && heading.includes(first.b.name), heading);
    assert.match(heading, /\d+% likely the same/);
    const why = await page.locator('.dedupe-why').innerText();
    assert.match(why, /For: .*surname/, why);
    assert.match(await count(page), new RegExp(`^${before.body.total} pairs wait`));
    const text = await page.locator('main').innerText();
    assert.ok(!ID_RE.test(text), `no raw id on the page: ${text.match(ID_RE)}`);

    await page.keyboard.press('n');
    await page.locator('.notice').filter({ hasText: 'not the same' }).waitFor();
    await page.waitForFunction((n) => document.querySelector('.dedupe-count').innerText.startsWith(`${n} `), before.body.total - 1);
    const marked = (await srv.api('GET', '/dedupe/not-same')).body.items;
    assert.deepEqual(
      marked.map((n) => [n.a, n.b].sort().join('+')),
      [[first.a.id, first.b.id].sort().join('+')],
      'the decision is stored',
    );

    // The next pair: merge it, keeping the left-hand record.
    await page.locator('.dedupe-pair h2').filter({ hasText: second.a.name }).waitFor();
    await page.keyboard.press('1');
    await page.locator('.notice').filter({ hasText: `Merged ${second.b.name} into ${second.a.name}` }).waitFor();
    const merges = (await srv.api('GET', '/merges')).body.items;
    assert.equal(merges.length, 1);
    assert.equal(merges[0].keep, second.a.id);
    assert.equal(merges[0].drop, second.b.id);
    assert.ok((await total()) <= before.body.total - 2);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it("shows on a senator's page which of our people give to her, and confirms an FEC match", async () => {
    const ours = (await srv.api('GET', '/entities?kind=person&ours=true&limit=50')).body.items.find((p) => /^[A-Za-z]+ [A-Za-z]+$/.test(p.name));
    const senator = (await srv.api('GET', '/search?q=senator&limit=20')).body.items.find((e) => e.kind === 'official');
    const [first, last] = ours.name.split(' ');
    const donorName = `${last.toUpperCase()}, ${first.toUpperCase()}`;
    let r = await srv.api('PUT', '/entities/fec-e2e-donor', { kind: 'donor', name: donorName, district: ours.district || '', labels: ['fec-donor'] });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    r = await srv.api('POST', '/relationships', { source: 'fec-e2e-donor', target: senator.id, type: 'DONATED_TO', amount: 750, date: '2026-03-02' });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    const nb = (await srv.api('GET', `/entities/${encodeURIComponent(ours.id)}/relationships?limit=1`)).body.items[0];
    const other = nb.source === ours.id ? nb.target : nb.source;
    await srv.api('POST', '/relationships', { source: 'fec-e2e-donor', target: other, type: 'KNOWS', strength: 0.3 });

    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(senator.id)}`);
    const section = page.locator('section[aria-label="Our people who give"]');
    const item = section.locator('li').filter({ hasText: donorName });
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`gave \\$750: probably ${ours.name}`));
    await item.getByRole('button', { name: 'Confirm: same person' }).click();
    await section.locator('li').filter({ hasText: `${ours.name}` }).filter({ hasText: '$750 in 1 gift' }).waitFor();
    const merged = await srv.api('GET', '/entities/fec-e2e-donor');
    assert.equal(merged.body.id, ours.id, 'the donor record now resolves to our person');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('is not offered to a viewer, and the server refuses it', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('viewer'));
    await page.goto('/#/');
    await page.locator('main h1').waitFor();
    assert.equal(await page.getByRole('link', { name: 'possible duplicates' }).count(), 0);
    await page.goto('/#/dedupe');
    await page.locator('.error').filter({ hasText: 'Not allowed' }).waitFor();
    await page.context().close();
  });
});
