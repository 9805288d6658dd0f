// End-to-end test of the ballot overview (issue 13, item 7): an official's
// entity page links to the ballot of their district; the page lists the
// officeholders and the candidates with their stance on each of our
// issues, a known stance citing its source and an unknown one said to be
// unknown; it is nonpartisan, meets WCAG 2.1 AA at both sizes, and prints
// without the app's header and buttons.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { assertAccessibleAndFits } from '../lib/axe.js';
import { DESKTOP, PHONE } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('the ballot overview', { skip: skipAll }, () => {
  let srv;
  let browser;
  let candidate; // the demo's candidate who answered at the forum
  let ballot; // the API's ballot of their district

  before(async () => {
    srv = await start();
    browser = await launch();
    candidate = (await srv.api('GET', '/entities/cand-demo-01')).body;
    assert.ok(candidate.district, JSON.stringify(candidate));
    const r = await srv.api('GET', `/ballots/${encodeURIComponent(candidate.district)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    ballot = r.body;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  it('opens from an official, and shows every stance with its source or as unknown', async () => {
    const rep = ballot.people.find((p) => p.role === 'officeholder' && p.district === candidate.district);
    assert.ok(rep, 'the district has a representative');
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(rep.person.id)}`);
    await page.getByRole('link', { name: `Ballot overview of district ${candidate.district}` }).click();
    await page.locator('section.ballot-person h2').first().waitFor({ timeout: 30_000 });
    assert.match(page.url(), new RegExp(`#/ballot/${candidate.district}$`));
    assert.equal(await page.locator('#ballot-h').innerText(), `District ${candidate.district}: who represents you, and where they stand`);
    const names = (await page.locator('section.ballot-person h2').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(names, ballot.people.map((p) => p.person.name));
    assert.ok(names.includes('Priya Marchbank') && names.includes('Tobias Wickerby'), 'both candidates');
    assert.ok(ballot.people.filter((p) => p.role === 'officeholder').length >= 2, 'the senator and the representative');
    const known = await page.locator('section.ballot-person', { hasText: 'Priya Marchbank' }).innerText();
    assert.match(known, /Candidate for State Representative/);
    assert.match(known, /Fair Housing Act: Strongly supports\. Source: https:\/\/westmark\.example\/forums\/district-\w+, \d{4}-\d{2}-\d{2}, answered yes at our candidate forum\./);
    const unknown = await page.locator('section.ballot-person', { hasText: 'Tobias Wickerby' }).innerText();
    assert.match(unknown, /Fair Housing Act: Unknown\. No recorded stance\./);
    assert.match(await page.locator('.ballot-notice').innerText(), /nonpartisan/);
    const text = await page.locator('article.ballot').innerText();
    assert.equal(text.match(/\b[a-z]+-(demo-)?\d{2,}[ab]?\b/g), null, 'names, not ids');
    await page.screenshot({ path: screenshotPath('ballot'), fullPage: true });
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  it('chooses a district, and says so readably when nobody is on its ballot', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto('/#/ballot');
    await page.getByRole('textbox', { name: 'District' }).fill(candidate.district);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('section.ballot-person h2').first().waitFor({ timeout: 30_000 });
    await page.goto('/#/ballot/99Z');
    await page.getByText('no officeholder or candidate in district 99Z').first().waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`meets WCAG 2.1 AA and fits the screen (${size}, ${viewport.width} px)`, async () => {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await page.goto(`/#/ballot/${encodeURIComponent(candidate.district)}`);
      await page.locator('section.ballot-person h2').first().waitFor({ timeout: 30_000 });
      await assertAccessibleAndFits(page);
      await page.screenshot({ path: screenshotPath(`ballot-${size}`), fullPage: true });
      await page.context().close();
    });
  }

  it('prints on one page, without the app header and buttons', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/ballot/${encodeURIComponent(candidate.district)}`);
    await page.locator('section.ballot-person h2').first().waitFor({ timeout: 30_000 });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false, 'no app header in print');
    assert.equal(await page.locator('.ballot-actions').isVisible(), false, 'no buttons in print');
    assert.equal(await page.locator('.ballot-notice').isVisible(), true, 'the nonpartisan notice prints');
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
      assert.equal(pages, 1, `${format}: ${pages} pages`);
    }
    await page.context().close();
  });
});
