// End-to-end tests of the events views: the real powermap binary serving
// the demo map with its demo events (embedded store), driven in headless
// Chromium. Assertions read the API, the app's exposed state
// (window.__powermap.state.events) and the accessible page.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { demoSubjects } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('powermap events', { skip: skipAll }, () => {
  let srv;
  let browser;
  let subjects;

  before(async () => {
    srv = await start();
    browser = await launch();
    subjects = await demoSubjects(srv);
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');

  // pick types into a type-ahead box and picks the entity from its list.
  const pick = async (page, id, label, entity) => {
    const box = page.getByRole('combobox', { name: label });
    await box.fill(entity.name);
    const option = page.locator(`#${id}-list [role=option][data-id="${entity.id}"]`);
    await option.waitFor();
    await option.dispatchEvent('mousedown');
  };

  it('records an event with type-ahead pickers, and shows it with names and roles', async () => {
    const official = (await srv.api('GET', `/entities/${encodeURIComponent(subjects.senator)}`)).body;
    const people = (await srv.api('GET', '/entities?kind=person&ours=true&limit=50')).body.items.filter(
      (p) => !(p.labels || []).includes('client') && !/[^\p{L} .'-]/u.test(p.name),
    );
    const [speaker, attendee] = people;
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.getByRole('main').getByRole('link', { name: 'Events', exact: true }).click();
    await page.locator('table.events tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Record an event' }).click();
    const form = page.getByRole('form', { name: 'Record an event' });
    await form.getByLabel('Type').selectOption('lobby_day');
    await form.getByLabel('Name').fill('E2E lobby day');
    await form.getByLabel('Place').fill('State Capitol, Springfield');
    await pick(page, 'ev-official', 'Add an official', official);
    await pick(page, 'ev-attendee', 'Add a person who came', speaker);
    await pick(page, 'ev-attendee', 'Add a person who came', attendee);
    await form.getByLabel(`Role of ${speaker.name}`).selectOption('speaker');
    await form.getByRole('button', { name: 'Add a district' }).click();
    await form.getByRole('textbox', { name: 'District', exact: true }).fill('7A');
    await form.getByRole('spinbutton', { name: 'How many' }).fill('12');
    await page.screenshot({ path: screenshotPath('events-new') });
    await form.getByRole('button', { name: 'Save the event' }).click();
    await page.getByRole('heading', { level: 1, name: 'E2E lobby day' }).waitFor();
    const created = await page.evaluate(() => window.__powermap.state.events.created);
    const stored = (await srv.api('GET', `/events/${encodeURIComponent(created.id)}`)).body;
    assert.equal(stored.type, 'lobby_day');
    assert.deepEqual(stored.officials, [official.id]);
    assert.deepEqual(
      stored.attendees.map((a) => [a.entity, a.role]),
      [
        [speaker.id, 'speaker'],
        [attendee.id, 'attendee'],
      ],
    );
    assert.deepEqual(stored.unnamed, [{ district: '7A', count: 12 }]);
    const text = await page.locator('main').innerText();
    assert.match(text, /14 came/);
    assert.ok(text.includes(official.name), 'the official is named');
    assert.ok(text.includes(speaker.name) && text.includes(attendee.name), 'the people are named');
    assert.match(text, /Speakers \(1\)/);
    assert.match(text, /12 from district 7A/);
    assert.ok(!text.includes(speaker.id) && !text.includes(official.id), 'no raw ids');
    problemsOf(page);
    await page.context().close();
  });

  it('names the field the server refuses', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`${srv.url}/#/events?new=1`);
    const form = page.getByRole('form', { name: 'Record an event' });
    await form.getByLabel('Name').fill('A meeting with a bad count');
    await form.getByRole('button', { name: 'Add a district' }).click();
    await form.getByRole('textbox', { name: 'District', exact: true }).fill('x'.repeat(300));
    await form.getByRole('spinbutton', { name: 'How many' }).fill('3');
    await form.getByRole('button', { name: 'Save the event' }).click();
    const err = page.locator('fieldset.counts .field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /unnamed\[0\]\.district/);
    problemsOf(page);
    await page.context().close();
  });

  it("shows an official's turnout as the sentence to say, clients counted but not named to a viewer", async () => {
    const id = subjects.turnoutOfficial;
    const report = (await srv.api('GET', `/entities/${encodeURIComponent(id)}/turnout`)).body;
    assert.ok(report.constituents > 0, 'the demo brought constituents to the lobby day official');
    const clients = (await srv.api('GET', '/entities?label=client&limit=1000')).body.items;
    const lobby = (await srv.api('GET', `/events/${encodeURIComponent(subjects.lobbyDay)}`)).body;
    const clientsThere = lobby.attendees.filter((a) => clients.some((c) => c.id === a.entity));
    assert.ok(clientsThere.length > 0, 'clients came to the demo lobby day');

    const viewer = await srv.token('viewer');
    const asViewer = (await srv.api('GET', `/entities/${encodeURIComponent(id)}/turnout`, null, viewer)).body;
    assert.equal(asViewer.constituents, report.constituents, 'a viewer gets the same count');
    assert.equal(asViewer.summary, report.summary);

    const page = await newPage(browser, srv.url);
    await signIn(page, viewer);
    await page.goto(`${srv.url}/#/entity/${encodeURIComponent(id)}`);
    const summary = page.locator('p.turnout-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), new RegExp(`^We brought ${report.constituents} of your constituents to our events in \\d{4}: `));
    await page.screenshot({ path: screenshotPath('turnout'), fullPage: true });
    const text = await page.locator('main').innerText();
    for (const c of clients) assert.ok(!text.includes(c.name), `client ${c.name} is not named to a viewer`);
    await page.goto(`${srv.url}/#/events/${encodeURIComponent(subjects.lobbyDay)}`);
    await page.locator('ul.attendees li').first().waitFor();
    const eventText = await page.locator('main').innerText();
    for (const c of clients) assert.ok(!eventText.includes(c.name), `client ${c.name} is not named on the event`);
    problemsOf(page);
    await page.context().close();
  });

  it("shows a person's leadership ladder", async () => {
    const ladder = (await srv.api('GET', `/entities/${encodeURIComponent(subjects.leader)}/ladder`)).body;
    assert.equal(ladder.top, 'led');
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`${srv.url}/#/entity/${encodeURIComponent(subjects.leader)}`);
    await page.locator('ol.ladder li.reached').first().waitFor();
    assert.equal(await page.locator('ol.ladder li[data-step="led"]').getAttribute('class'), 'reached');
    assert.equal(await page.locator('p.ladder-summary').innerText(), ladder.summary);
    problemsOf(page);
    await page.context().close();
  });
});
