// End-to-end test of the forum question bank (issue 13, item 6): an
// official's entity page links to their questions; the demo's senator at
// the candidate forum has a saved bank with two questions answered; an
// editor reorders, edits, adds and saves questions, then records an
// answer whose stance the power grid shows; a viewer reads without
// controls; the page meets WCAG 2.1 AA and fits 1280 and 390 px; it prints
// as a handout without the app's header and buttons.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { assertAccessibleAndFits } from '../lib/axe.js';
import { DESKTOP, PHONE, CAMPAIGN } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('the forum question bank', { skip: skipAll }, () => {
  let srv;
  let browser;
  let official; // the first official at the demo's candidate forum
  let forum;

  before(async () => {
    srv = await start();
    browser = await launch();
    const ev = await srv.api('GET', '/events?type=candidate_forum&limit=1');
    forum = ev.body.items[0];
    assert.ok(forum, 'the demo has a candidate forum');
    official = (await srv.api('GET', `/entities/${encodeURIComponent(forum.officials[0])}`)).body;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const bank = async () => (await srv.api('GET', `/entities/${encodeURIComponent(official.id)}/questions`)).body;
  const open = async (page) => {
    await page.goto(`/#/entity/${encodeURIComponent(official.id)}/questions`);
    await page.locator('ol.q-list li').first().waitFor({ timeout: 30_000 });
  };

  it('opens from the entity page with the demo bank: names, sources and answers, not ids', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent(official.id)}`);
    await page.getByRole('link', { name: 'Forum questions', exact: true }).click();
    await page.locator('ol.q-list li').first().waitFor({ timeout: 30_000 });
    assert.match(page.url(), /#\/entity\/[^/]+\/questions$/);
    assert.equal(await page.locator('#questions-h').innerText(), `Questions for ${official.name}`);
    assert.equal(await page.locator('.q-forum').innerText(), `${forum.name}, ${forum.date}, ${forum.place}`);
    const b = await bank();
    assert.equal(await page.locator('ol.q-list > li').count(), b.questions.length);
    const first = page.locator('ol.q-list > li').first();
    assert.equal(await first.locator('textarea').inputValue(), b.questions[0].text);
    assert.match(await first.locator('.q-asked').innerText(), /^Asked on \d{4}-\d{2}-\d{2}\. Answer: “Yes\. I will vote for it in committee and on the floor\.”/);
    // Sources are named: the campaign's question cites the issue and the campaign.
    assert.match(await first.locator('.q-sources').innerText(), /Win the Fair Housing Act/);
    assert.equal(await page.locator('ol.q-list > li').nth(2).locator('.q-asked').count(), 0, 'the third question is not asked yet');
    const text = await page.locator('main').innerText();
    assert.equal(text.match(/\b[a-z]+-\d{2,}\b/g), null, 'names, not ids');
    await page.screenshot({ path: screenshotPath('questions'), fullPage: true });
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  it('lets an editor reorder, edit, add and save questions', async () => {
    const before = await bank();
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await open(page);
    await page.getByRole('button', { name: 'Move question 3 up' }).click();
    const edited = 'Will you vote yes on the Fair Housing Act in committee, and when?';
    await page.getByLabel('Question 1', { exact: true }).fill(edited);
    await page.getByLabel('Your question').fill('Will you hold office hours in Eastgate this spring?');
    await page.getByRole('button', { name: 'Add question' }).click();
    assert.equal(await page.locator('.q-status').innerText(), 'Unsaved changes.');
    await page.getByRole('button', { name: 'Save questions' }).click();
    await page.getByText(`Saved ${before.questions.length + 1} questions.`).waitFor({ timeout: 30_000 });
    const after = await bank();
    const q = before.questions;
    assert.deepEqual(
      after.questions.map((x) => x.text),
      [edited, q[2].text, q[1].text, ...q.slice(3).map((x) => x.text), 'Will you hold office hours in Eastgate this spring?'],
    );
    assert.equal(after.questions[0].id, q[0].id, 'an edited question keeps its id and sources');
    assert.deepEqual(after.questions[0].sources, q[0].sources);
    assert.ok(after.questions.at(-1).id, 'a new question gets an id');
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  it('records an answer whose stance the power grid shows', async () => {
    const b = await bank();
    const campaign = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    const i = b.questions.findIndex((x) => x.issue === campaign.issue);
    assert.ok(i >= 0, 'a question on the campaign issue');
    const gridOf = async () => (await srv.api('GET', `/campaigns/${CAMPAIGN}/grid`)).body.points.find((p) => p.entity.id === official.id);
    assert.notEqual((await gridOf()).alignment, -2);

    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await open(page);
    await page.getByRole('button', { name: new RegExp(`^(Record|Change) answer to question ${i + 1}$`) }).click();
    await page.getByLabel('What they answered').fill('Not this session; the budget comes first.');
    await page.getByLabel(/^Their stance on /).selectOption('-2');
    await page.getByRole('button', { name: 'Save answer' }).click();
    const item = page.locator('ol.q-list > li').nth(i);
    await item.locator('.q-stance').waitFor({ timeout: 30_000 });
    assert.match(await item.locator('.q-asked').innerText(), new RegExp(`^Asked on ${forum.date}\\. Answer: “Not this session; the budget comes first\\.” Stance recorded: strongly opposes `));
    const p = await gridOf();
    assert.equal(p.alignment, -2, 'the grid shows the new stance');
    assert.equal(p.quadrant, p.target ? "decision_makers" : "opponents");

    // The campaign's grid view shows them among the opponents' column too.
    await page.goto(`/#/campaigns/${CAMPAIGN}?tab=grid`);
    await page.waitForFunction(() => window.__powermap.state.campaign && window.__powermap.state.campaign.grid, null, { timeout: 30_000 });
    const shown = await page.evaluate((id) => window.__powermap.state.campaign.grid.points.find((x) => x.entity.id === id).alignment, official.id);
    assert.equal(shown, -2);
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });

  it('shows a viewer the questions without editing controls', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, await srv.token('viewer'));
    await open(page);
    assert.equal(await page.locator('textarea').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Save questions' }).count(), 0);
    assert.equal(await page.locator('ol.q-list > li').count(), (await bank()).questions.length);
    await page.context().close();
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`meets WCAG 2.1 AA and fits the screen (${size}, ${viewport.width} px)`, async () => {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await open(page);
      await page.getByRole('button', { name: /^(Record|Change) answer to question 2$/ }).click();
      await assertAccessibleAndFits(page);
      await page.screenshot({ path: screenshotPath(`questions-${size}`), fullPage: true });
      await page.context().close();
    });
  }

  it('prints a handout without the app header, buttons or forms', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await open(page);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false, 'no app header in print');
    assert.equal(await page.locator('.q-nav').isVisible(), false, 'no buttons in print');
    assert.equal(await page.locator('.q-add').isVisible(), false, 'no form in print');
    assert.equal(await page.locator('.q-text-edit').first().isVisible(), false, 'no text box in print');
    const first = await page.locator('ol.q-list > li').first().locator('.q-print').innerText();
    assert.equal(first, (await bank()).questions[0].text, 'the question as text');
    const pdf = await page.pdf({ format: 'Letter' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
    assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
    await page.context().close();
  });

  it('is refused for what is not an official, with a readable error', async () => {
    const page = await newPage(browser, srv.url, { viewport: DESKTOP });
    await signIn(page, srv.adminToken);
    await page.goto(`/#/entity/${encodeURIComponent('coalition-ours')}/questions`);
    await page.getByText('not an official').first().waitFor({ timeout: 30_000 });
    await page.context().close();
  });
});
