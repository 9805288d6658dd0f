// End-to-end tests of the speakers views: the real powermap binary serving
// the demo map, whose speakers gave their consent (one withdrew it since),
// driven in headless Chromium at 1280x800 and at 390 px wide. Assertions
// read the API, the app's exposed state (window.__powermap.state.speakers)
// and the page as an organizer reads it: names, never raw ids.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { demoSubjects, DESKTOP, PHONE, CAMPAIGN } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('powermap speakers', { skip: skipAll }, () => {
  let srv;
  let browser;
  let subjects;
  let issue; // the demo campaign's issue
  let target; // the demo campaign's first target

  before(async () => {
    srv = await start();
    browser = await launch();
    subjects = await demoSubjects(srv);
    const cp = (await srv.api('GET', `/campaigns/${CAMPAIGN}`)).body;
    issue = (await srv.api('GET', `/entities/${encodeURIComponent(cp.issue)}`)).body;
    target = (await srv.api('GET', `/entities/${encodeURIComponent(cp.targets[0].entity)}`)).body;
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');
  const noSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const names = (items) => items.map((s) => s.person.name);

  it('lists the consenting speakers with their scope, consent date and topics, on a desktop and a phone', async () => {
    const list = (await srv.api('GET', '/speakers')).body.items;
    assert.ok(list.length >= 10, 'the demo has speakers');
    assert.ok(list.every((s) => s.recorded && s.consent.date && s.topics.length > 0), 'each with a recorded consent and topics');
    assert.deepEqual(new Set(list.map((s) => s.consent.scope)), new Set(['public', 'events', 'internal']));
    const clients = (await srv.api('GET', '/entities?label=client&limit=1000')).body.items;
    const withdrawn = clients.filter((c) => c.props && c.props.speaker_withdrawn);
    assert.equal(withdrawn.length, 1, 'one demo speaker withdrew');
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ]) {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await page.getByRole('main').getByRole('link', { name: 'Speakers', exact: true }).click();
      await page.locator('table.speakers tbody tr').first().waitFor();
      assert.equal(await page.locator('table.speakers tbody tr').count(), list.length);
      const text = await page.locator('main').innerText();
      const first = list[0];
      assert.ok(text.includes(first.person.name) && text.includes(first.scope_label) && text.includes(first.consent.date), `${name}: name, scope and date`);
      assert.ok(text.includes(first.topics[0].name), `${name}: the story's issue by name`);
      assert.ok(!text.includes(withdrawn[0].name), `${name}: the withdrawn speaker is not listed`);
      assert.ok(!text.includes(first.person.id), `${name}: no raw ids`);
      assert.ok((await noSideways(page)) <= 0, `${name}: no sideways scrolling`);
      await page.screenshot({ path: screenshotPath(`speakers-${name}`), fullPage: true });
      problemsOf(page);
      await page.context().close();
    }
  });

  it("records a consent on a person's page, and withdraws it: the list and the matches follow", async () => {
    const people = (await srv.api('GET', '/entities?kind=person&ours=true&label=member&limit=100')).body.items.filter(
      (p) => !(p.labels || []).includes('speaker') && !(p.labels || []).includes('client') && /^[A-Za-z .'-]+$/.test(p.name),
    );
    const person = people[0];
    assert.ok(person, 'a member who is not a speaker yet');
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`${srv.url}/#/entity/${encodeURIComponent(person.id)}`);
    const status = page.locator('p.consent-status');
    await status.waitFor();
    assert.equal(await status.innerText(), 'No consent to speak on record.');
    const form = page.getByRole('form', { name: 'Consent to speak' });
    await form.getByLabel('Scope').selectOption('events');
    await form.getByLabel(issue.name, { exact: true }).check();
    await form.getByRole('button', { name: 'Record the consent' }).click();
    await page.getByText('Consents to speak: events only, since').waitFor();
    const stored = (await srv.api('GET', `/entities/${encodeURIComponent(person.id)}/consent`)).body;
    assert.equal(stored.consent.scope, 'events');
    assert.deepEqual(stored.consent.topics, [issue.id]);
    assert.ok((await srv.api('GET', `/entities/${encodeURIComponent(person.id)}`)).body.labels.includes('speaker'), 'one write made them a speaker');
    assert.ok(!(await page.locator('main').innerText()).includes('speaker_topics'), 'the consent is shown by name, not as raw properties');
    const before = (await srv.api('GET', `/entities/${encodeURIComponent(target.id)}/speakers`)).body.items;
    assert.ok(names(before).includes(person.name), 'matched to the target, whose campaign is about the issue');
    await page.screenshot({ path: screenshotPath('speaker-consent') });

    await page.goto(`${srv.url}/#/speakers?scope=events`);
    await page.locator(`table.speakers tbody tr[data-id="${person.id}"]`).waitFor();

    await page.goto(`${srv.url}/#/entity/${encodeURIComponent(person.id)}`);
    await form.getByRole('button', { name: 'Withdraw the consent' }).click();
    await page.getByText(/withdrawn \d{4}-\d{2}-\d{2}\./).waitFor();
    const list = (await srv.api('GET', '/speakers')).body.items;
    assert.ok(!names(list).includes(person.name), 'no longer listed');
    const matches = (await srv.api('GET', `/entities/${encodeURIComponent(target.id)}/speakers`)).body.items;
    assert.ok(!names(matches).includes(person.name), 'no longer matched');
    await page.goto(`${srv.url}/#/speakers`);
    await page.locator('table.speakers tbody tr').first().waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(person.name), 'gone from the view');
    problemsOf(page);
    await page.context().close();
  });

  it('names the field the server refuses', async () => {
    const people = (await srv.api('GET', '/entities?kind=person&ours=true&label=volunteer&limit=5')).body.items;
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`${srv.url}/#/entity/${encodeURIComponent(people[0].id)}`);
    const form = page.getByRole('form', { name: 'Consent to speak' });
    await form.getByRole('button', { name: 'Record the consent' }).click();
    const err = page.locator('fieldset.topics .field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /must name at least one issue/);
    problemsOf(page);
    await page.context().close();
  });

  it('matches speakers to a target and to an event, best first, on a desktop and a phone', async () => {
    const forSenator = (await srv.api('GET', `/entities/${encodeURIComponent(target.id)}/speakers`)).body;
    assert.ok(forSenator.items.length > 0, 'the demo campaign\'s target has speakers');
    const forLobby = (await srv.api('GET', `/events/${encodeURIComponent(subjects.lobbyDay)}/speakers`)).body;
    assert.ok(forLobby.items.length > 0, 'the demo lobby day has speakers');
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ]) {
      const page = await newPage(browser, srv.url, { viewport });
      await signIn(page, srv.adminToken);
      await page.goto(`${srv.url}/#/entity/${encodeURIComponent(target.id)}`);
      await page.getByRole('link', { name: `Speakers to bring to ${target.name}` }).click();
      await page.locator('ol.matches li').first().waitFor();
      assert.deepEqual(await page.evaluate(() => window.__powermap.state.speakers.matches), names(forSenator.items));
      const text = await page.locator('section.speaker-matches').innerText();
      assert.ok(text.includes(`Speakers for ${target.name}`));
      assert.ok(text.includes(forSenator.items[0].why), `${name}: the first match, explained`);
      assert.ok((await noSideways(page)) <= 0, `${name}: no sideways scrolling`);
      await page.screenshot({ path: screenshotPath(`speakers-target-${name}`), fullPage: true });

      await page.getByLabel('Speakers for an event').selectOption(subjects.lobbyDay);
      await page.getByRole('heading', { name: new RegExp(`^Speakers for ${forLobby.event.name}`) }).waitFor();
      await page.locator('ol.matches li').first().waitFor();
      assert.deepEqual(await page.evaluate(() => window.__powermap.state.speakers.matches), names(forLobby.items));
      assert.ok((await noSideways(page)) <= 0, `${name}: no sideways scrolling`);
      problemsOf(page);
      await page.context().close();
    }
  });

  it('shows a viewer no client speaker', async () => {
    const clients = (await srv.api('GET', '/entities?label=client&limit=1000')).body.items;
    const clientSpeakers = (await srv.api('GET', '/speakers')).body.items.filter((s) => clients.some((c) => c.id === s.person.id));
    assert.ok(clientSpeakers.length > 0, 'the demo has client speakers');
    const viewer = await srv.token('viewer');
    const asViewer = (await srv.api('GET', '/speakers', null, viewer)).body.items;
    assert.ok(asViewer.every((s) => !clients.some((c) => c.id === s.person.id)));
    const page = await newPage(browser, srv.url);
    await signIn(page, viewer);
    await page.goto(`${srv.url}/#/speakers?target=${encodeURIComponent(target.id)}`);
    await page.locator('section.speaker-matches h2').waitFor();
    await page.locator('table.speakers tbody tr, section[aria-labelledby="speakers-h"] p').first().waitFor();
    const text = await page.locator('main').innerText();
    for (const s of clientSpeakers) assert.ok(!text.includes(s.person.name), `client ${s.person.name} is not named to a viewer`);
    problemsOf(page);
    await page.context().close();
  });
});
