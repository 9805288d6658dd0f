// End-to-end tests of the web UI: the real powermap binary serving the demo
// data (embedded store), driven in Debian's headless Chromium. Assertions
// read the app's exposed state (window.__powermap), not pixels.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { audit, describeViolations } from '../lib/axe.js';

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '');
const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('powermap web UI', { skip: skipAll }, () => {
  let srv;
  let browser;
  let hub; // a well-connected entity of the demo
  let accented; // an entity whose name carries diacritics

  before(async () => {
    srv = await start();
    browser = await launch();
    const page = await srv.api('GET', '/entities?limit=200');
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const items = page.body.items;
    accented = items.find((e) => fold(e.name) !== e.name);
    let best = -1;
    for (const e of items.slice(0, 60)) {
      const r = await srv.api('GET', `/entities/${encodeURIComponent(e.id)}/relationships?limit=1000`);
      const n = r.body.items ? r.body.items.length : 0;
      if (n > best) {
        best = n;
        hub = e;
      }
    }
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  const problemsOf = (page) => assert.deepEqual(page.problems, [], 'script errors or CSP violations');

  it('signs in with a token, and refuses a wrong one', async () => {
    const page = await newPage(browser, srv.url);
    await page.goto('/');
    await page.getByLabel('API token').fill('pm_not-a-real-token-at-all-0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /token/i);
    await page.screenshot({ path: screenshotPath('signin-error') });
    await page.getByLabel('API token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await page.evaluate(() => window.__powermap.state.session);
    assert.equal(session.role, 'admin');
    const cookies = await page.context().cookies();
    const c = cookies.find((x) => x.httpOnly);
    assert.ok(c, 'an HttpOnly session cookie is set');
    assert.equal(c.sameSite, 'Strict');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.screenshot({ path: screenshotPath('home') });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    problemsOf(page);
    await page.context().close();
  });

  it('signs in from the first-run link and clears the token from the address bar', async () => {
    const page = await newPage(browser, srv.url);
    await page.goto(`/#token=${encodeURIComponent(srv.adminToken)}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.ok(!page.url().includes('token='), `the token is gone from ${page.url()}`);
    const session = await page.evaluate(() => window.__powermap.state.session);
    assert.equal(session.role, 'admin');
    problemsOf(page);
    await page.context().close();
  });

  it('finds an accented name with a diacritic-free query, by keyboard', { skip: false }, async (t) => {
    if (!accented) return t.skip('the demo data has no accented name in its first page');
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    const q = fold(accented.name).toLowerCase();
    assert.notEqual(q, accented.name.toLowerCase());
    const box = page.getByRole('combobox', { name: /search people/i });
    await box.fill(q);
    const option = page.getByRole('option', { name: new RegExp(accented.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await option.first().waitFor();
    await page.screenshot({ path: screenshotPath('search') });
    // Walk to the match with the keyboard and open it with Enter.
    const ids = await page.locator('[role=option]').evaluateAll((els) => els.map((e) => e.dataset.id));
    const idx = ids.indexOf(accented.id);
    assert.ok(idx >= 0, `search for ${q} lists ${accented.id}: got ${ids}`);
    for (let i = 0; i < idx; i++) await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), `search-list-${idx}`);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: accented.name }).waitFor();
    assert.equal(await page.evaluate(() => window.__powermap.state.route.params.id), accented.id);
    problemsOf(page);
    await page.context().close();
  });

  it('opens the map and filters a relationship type', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto(`/#/map/${encodeURIComponent(hub.id)}?depth=2`);
    await page.waitForFunction(() => window.__powermap.graph && window.__powermap.graph.order > 1 && window.__powermap.state.map.layout === 'done', null, { timeout: 30_000 });
    const net = (await srv.api('GET', `/entities/${encodeURIComponent(hub.id)}/network?depth=2`)).body;
    const before = await page.evaluate(() => ({ order: window.__powermap.graph.order, size: window.__powermap.graph.size }));
    assert.equal(before.order, net.nodes.length);
    assert.equal(before.size, net.edges.length);
    // Colour by kind, ours ringed.
    const marks = await page.evaluate(() => {
      const g = window.__powermap.graph;
      const out = { ours: 0, oursRinged: 0, kinds: {} };
      g.forEachNode((n, a) => {
        out.kinds[a.kind] = a.color;
        if (a.ours) {
          out.ours++;
          if (a.type === 'ours') out.oursRinged++;
        }
      });
      return out;
    });
    assert.equal(marks.ours, marks.oursRinged, 'every ours node is drawn with the ring program');
    assert.equal(new Set(Object.values(marks.kinds)).size, Object.keys(marks.kinds).length, 'one colour per kind');
    await page.screenshot({ path: screenshotPath('map') });

    // Tick the most common type: only its ties stay visible.
    const counts = {};
    for (const e of net.edges) counts[e.type] = (counts[e.type] || 0) + 1;
    const type = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    await page.getByRole('checkbox', { name: type.toLowerCase().replace(/_/g, ' '), exact: true }).check();
    await page.waitForFunction((t) => window.__powermap.state.map.filters.types.includes(t), type);
    const after = await page.evaluate(() => {
      const { graph: g, renderer: r } = window.__powermap;
      const shown = [];
      g.forEachEdge((e, a) => {
        if (!r.getEdgeDisplayData(e).hidden) shown.push(a.relType);
      });
      let nodes = 0;
      g.forEachNode((n) => {
        if (!r.getNodeDisplayData(n).hidden) nodes++;
      });
      return { shown, nodes, visible: window.__powermap.state.map.visible };
    });
    assert.equal(after.shown.length, counts[type]);
    assert.ok(after.shown.every((t) => t === type), `only ${type} ties are shown`);
    assert.equal(after.visible.edges, counts[type]);
    assert.ok(after.nodes <= before.order);
    await page.screenshot({ path: screenshotPath('map-filtered') });

    // Export: a real PNG and an SVG with the visible ties.
    const png = await page.evaluate(async () => {
      const b = await window.__powermap.map.exportPNG(1);
      const head = new Uint8Array(await b.slice(0, 8).arrayBuffer());
      return { type: b.type, size: b.size, head: [...head] };
    });
    assert.equal(png.type, 'image/png');
    assert.deepEqual(png.head, [137, 80, 78, 71, 13, 10, 26, 10]);
    const svgLines = await page.evaluate(() => (window.__powermap.map.exportSVG().match(/<line /g) || []).length);
    assert.equal(svgLines, counts[type]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    assert.match(download.suggestedFilename(), /\.png$/);

    // Hover shows details; click opens the entity.
    const pos = await page.evaluate((id) => {
      const r = window.__powermap.renderer;
      const d = r.getNodeDisplayData(id);
      const p = r.framedGraphToViewport({ x: d.x, y: d.y });
      const box = r.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, hub.id);
    await page.mouse.move(pos.x, pos.y);
    await page.locator('.hovercard strong').filter({ hasText: hub.name }).waitFor();
    await page.mouse.click(pos.x, pos.y);
    await page.getByRole('heading', { level: 1, name: hub.name }).waitFor();
    problemsOf(page);
    await page.context().close();
  });

  it('shows k introduction paths and highlights the chosen one on the map', async (t) => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    const k = 3;
    await page.goto(`/#/who-knows?to=${encodeURIComponent(hub.id)}&k=${k}`);
    await page.waitForFunction(() => window.__powermap.state.paths && window.__powermap.state.paths.paths, null, { timeout: 30_000 });
    const st = await page.evaluate(() => window.__powermap.state.paths);
    assert.ok(st.paths.length >= 1 && st.paths.length <= k, `1..${k} paths, got ${st.paths.length}`);
    const items = page.getByRole('list', { name: /introduction paths/i }).getByRole('listitem');
    assert.equal(await items.count(), st.paths.length);
    const first = await items.first().innerText();
    assert.match(first, /\.\s/, 'a path reads as a sentence');
    assert.match(first, /strength \d\.\d\d/);
    const highlighted = () =>
      page.evaluate(() => {
        const { graph: g, renderer: r } = window.__powermap;
        const out = [];
        g.forEachNode((n) => {
          if (r.getNodeDisplayData(n).highlighted) out.push(n);
        });
        return out.sort();
      });
    assert.deepEqual(await highlighted(), [...st.paths[0].nodes.map((n) => n.id)].sort());
    await page.screenshot({ path: screenshotPath('who-knows') });
    if (st.paths.length > 1) {
      await items.nth(1).getByRole('button').click();
      await page.waitForFunction(() => window.__powermap.state.paths.chosen === 1);
      assert.deepEqual(await highlighted(), [...st.paths[1].nodes.map((n) => n.id)].sort());
      assert.equal(await items.nth(1).getByRole('button').getAttribute('aria-pressed'), 'true');
    }
    problemsOf(page);
    await page.context().close();
  });

  it('edits an entity: a validation error beside the field, then success', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    const target = accented || hub;
    await page.goto(`/#/entity/${encodeURIComponent(target.id)}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    const err = page.locator('.field[data-field=name] .field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /empty/);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const describedBy = await name.getAttribute('aria-describedby');
    assert.ok(describedBy && describedBy.includes(await err.getAttribute('id')), 'the error is tied to the field');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'name', 'focus moves to the refused field');
    await name.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath('entity-edit-error') });
    const renamed = `${target.name} Jr.`;
    await name.fill(renamed);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: renamed }).waitFor();
    const got = await srv.api('GET', `/entities/${encodeURIComponent(target.id)}`);
    assert.equal(got.body.name, renamed);

    // Add a relationship: strength out of range is refused beside the field.
    await page.getByRole('button', { name: 'Add a relationship' }).click();
    const other = page.getByRole('combobox', { name: 'Other entity' });
    await other.fill(fold(hub.id === target.id ? accented.name : hub.name).split(' ')[0]);
    await page.locator('#addrel-other-list [role=option]').first().waitFor();
    await other.press('Enter');
    await page.getByLabel('Strength').fill('1.5');
    await page.getByRole('button', { name: 'Add relationship' }).click();
    const serr = page.locator('.field[data-field=strength] .field-error');
    await serr.waitFor();
    assert.match(await serr.innerText(), /\(0,1\]/);
    await page.getByLabel('Strength').fill('0.8');
    await page.getByRole('button', { name: 'Add relationship' }).click();
    await page.locator('.addrel .ok').waitFor();
    await page.screenshot({ path: screenshotPath('entity'), fullPage: true });
    problemsOf(page);
    await page.context().close();
  });

  it('an import with a bad row shows the row error and changes nothing', async (t) => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('editor'));
    const before = await srv.api('GET', '/search?q=Zebulon');
    await page.goto('/#/import');
    const csv = 'id,kind,name\ne2e-zebulon,person,Zebulon Quillsby\ne2e-bad,wizard,Bad Row\n';
    await page.getByLabel('File').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.locator('.report.failed');
    await report.waitFor();
    const text = await report.innerText();
    assert.match(text, /Nothing was imported/);
    assert.match(text, /wizard|kind/);
    await page.screenshot({ path: screenshotPath('import-error') });
    const afterSearch = await srv.api('GET', '/search?q=Zebulon');
    assert.deepEqual(afterSearch.body.items, before.body.items, 'nothing was written');
    problemsOf(page);
    await page.context().close();
  });

  it('a viewer sees no edit controls, and the server refuses writes anyway', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, await srv.token('viewer'));
    assert.equal(await page.evaluate(() => window.__powermap.state.session.role), 'viewer');
    await page.goto(`/#/entity/${encodeURIComponent(hub.id)}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Relationships' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add a relationship' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Import' }).count(), 0);
    const status = await page.evaluate(async (id) => {
      const csrf = sessionStorage.getItem('powermap.csrf');
      const r = await fetch(`/api/v1/entities/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ name: 'hacked' }),
      });
      return r.status;
    }, hub.id);
    assert.equal(status, 403);
    problemsOf(page);
    await page.context().close();
  });

  it('ranks by influence in a sortable table', async (t) => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    await page.goto('/#/rankings?algo=pagerank&top=50');
    const rows = page.locator('table.rankings tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) > 1);
    assert.match(await page.locator('.badge').innerText(), /exact|estimated/);
    const scores = await page.locator('table.rankings tbody td.num:last-child').allInnerTexts();
    const nums = scores.map(Number);
    assert.deepEqual(nums, [...nums].sort((a, b) => b - a), 'best first');
    await page.getByRole('button', { name: /^Name/ }).click();
    const names = await page.locator('table.rankings tbody td:nth-child(2)').allInnerTexts();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    await page.screenshot({ path: screenshotPath('rankings') });
    problemsOf(page);
    await page.context().close();
  });

  it('meets WCAG 2.1 AA on the main views (axe-core)', async () => {
    const page = await newPage(browser, srv.url);
    await page.goto('/');
    await page.getByLabel('API token').waitFor();
    const found = [];
    const check = async (name) => {
      const vs = await audit(page);
      if (vs.length) found.push(`${name}:\n  ${describeViolations(vs)}`);
    };
    await check('sign-in');
    await signIn(page, srv.adminToken);
    await page.locator('table.entities tbody tr').first().waitFor();
    await check('home');
    await page.goto(`/#/entity/${encodeURIComponent(hub.id)}`);
    await page.getByRole('heading', { name: 'Relationships' }).waitFor();
    await page.locator('.relgroup').first().waitFor();
    await check('entity');
    await page.goto(`/#/map/${encodeURIComponent(hub.id)}?depth=1`);
    await page.waitForFunction(() => window.__powermap.graph && window.__powermap.graph.order > 1);
    await check('map');
    await page.goto(`/#/who-knows?to=${encodeURIComponent(hub.id)}&k=3`);
    await page.waitForFunction(() => window.__powermap.state.paths && window.__powermap.state.paths.paths);
    await check('who-knows');
    assert.equal(found.length, 0, `accessibility violations:\n${found.join('\n')}`);
    problemsOf(page);
    await page.context().close();
  });
});
