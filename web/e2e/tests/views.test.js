// Every view of the UI, at 1280×800 and on a 390×844 phone: axe-core finds
// no serious or critical WCAG 2.1 AA violation, nothing scrolls sideways,
// and the keyboard reaches the controls with a visible focus. Also the
// map's labels: readable (no overlaps, nothing clipped), a legend for every
// kind shown, and edges hidden while panning a large view.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshotPath } from '../lib/browser.js';
import { start, haveBinarySource } from '../lib/server.js';
import { serious, overflow, describeViolations } from '../lib/axe.js';
import { VIEWS, DESKTOP, PHONE, demoSubjects, openView } from '../lib/views.js';

const skipAll = haveBinarySource() ? false : 'cmd/powermap does not exist yet (set POWERMAP_BIN to test another build)';

describe('every view, at both sizes', { skip: skipAll }, () => {
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

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    it(`meets WCAG 2.1 AA and fits the screen on every view (${size}, ${viewport.width} px)`, async () => {
      const signedIn = await newPage(browser, srv.url, { viewport });
      await signIn(signedIn, srv.adminToken);
      const signedOut = await newPage(browser, srv.url, { viewport });
      const failures = [];
      for (const view of VIEWS) {
        const page = view.signedOut ? signedOut : signedIn;
        await openView(page, view, subjects);
        const vs = await serious(page);
        if (vs.length) failures.push(`${view.name}: ${describeViolations(vs)}`);
        const over = await overflow(page);
        if (over > 0) failures.push(`${view.name}: scrolls ${over} px sideways`);
        const nav = await page.evaluate(() => {
          const n = document.querySelector('header.top nav');
          if (!n) return null;
          const items = [...n.querySelectorAll('li')].map((li) => li.getBoundingClientRect().top);
          return { hidden: n.scrollWidth - n.clientWidth, rows: new Set(items.map(Math.round)).size };
        });
        if (nav && nav.hidden > 0) failures.push(`${view.name}: ${nav.hidden} px of the navigation are cut off`);
        if (nav && nav.rows > 1) failures.push(`${view.name}: the navigation wraps onto ${nav.rows} lines`);
        await page.screenshot({ path: screenshotPath(`view-${view.name}-${size}`) });
      }
      assert.deepEqual(failures, [], failures.join('\n'));
      assert.deepEqual(signedIn.problems, [], 'script errors or CSP violations');
      assert.deepEqual(signedOut.problems, [], 'script errors or CSP violations');
      await signedIn.context().close();
      await signedOut.context().close();
    });
  }

  it('reaches every view and its controls by keyboard, with a visible focus', async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    const failures = [];
    for (const view of VIEWS.filter((v) => !v.signedOut)) {
      await openView(page, view, subjects);
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      const seen = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          // A ring: an outline or a shadow, or for an SVG mark (a grid point)
          // its shape stroked in the focus colour.
          const shape = el instanceof SVGElement ? el.querySelector('circle, rect, path') : null;
          const ring =
            (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) ||
            cs.boxShadow !== 'none' ||
            (!!shape && getComputedStyle(shape).stroke === 'rgb(245, 158, 11)');
          return { tag: el.tagName, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40), visible: r.width > 0 && r.height > 0, ring, inMain: !!el.closest('main') };
        });
        if (!f) continue;
        seen.push(f);
        if (!f.visible) failures.push(`${view.name}: Tab reaches an invisible ${f.tag} "${f.text}"`);
        if (!f.ring) failures.push(`${view.name}: ${f.tag} "${f.text}" shows no focus ring`);
      }
      if (!seen.some((f) => f.inMain)) failures.push(`${view.name}: 25 Tabs never reach the page's own content`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
    await page.context().close();
  });

  it("labels the map readably: no overlap, nothing clipped, a legend for every kind, edges hidden while panning a large view", async () => {
    const page = await newPage(browser, srv.url);
    await signIn(page, srv.adminToken);
    for (const depth of [1, 2]) {
      await page.goto(`/#/map/${encodeURIComponent(subjects.senator)}?depth=${depth}`);
      await page.waitForFunction(
        (d) => window.__powermap.graph && window.__powermap.graph.order > 1 && window.__powermap.state.map.layout === 'done' && window.__powermap.state.map.depth === d,
        depth,
        { timeout: 30_000 },
      );
      // Let the renderer draw a frame after the layout settled.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const m = await page.evaluate(() => {
        const { map, renderer } = window.__powermap;
        const { width, height } = renderer.getDimensions();
        const kinds = new Set();
        map.graph.forEachNode((n, a) => kinds.add(a.kind));
        return {
          width,
          height,
          order: map.graph.order,
          size: map.graph.size,
          boxes: map.labelBoxes,
          kinds: [...kinds].sort(),
          legend: [...document.querySelectorAll('.legend li')].map((li) => li.dataset.kind),
          hideEdgesOnMove: renderer.getSetting('hideEdgesOnMove'),
          cell: renderer.getSetting('labelGridCellSize'),
          center: map.center,
        };
      });
      const where = `depth ${depth} (${m.order} entities, ${m.boxes.length} labels)`;
      assert.ok(m.boxes.some((b) => b.key === m.center), `${where}: the centre is labelled`);
      assert.ok(m.boxes.length >= Math.min(8, m.order), `${where}: most of a small map is labelled, not only its centre`);
      for (const b of m.boxes) {
        assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= m.width && b.y + b.h <= m.height, `${where}: "${b.label}" is clipped at the edge`);
      }
      for (let i = 0; i < m.boxes.length; i++) {
        for (let j = i + 1; j < m.boxes.length; j++) {
          const [a, b] = [m.boxes[i], m.boxes[j]];
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          assert.ok(!overlap, `${where}: "${a.label}" overlaps "${b.label}"`);
        }
      }
      // The density limit: no more labels than one per grid cell.
      assert.ok(m.boxes.length <= Math.ceil(m.width / m.cell + 1) * Math.ceil(m.height / m.cell + 1), `${where}: too many labels`);
      for (const k of m.kinds) assert.ok(m.legend.includes(k), `${where}: the legend explains ${k} (legend: ${m.legend})`);
      assert.equal(m.hideEdgesOnMove, m.size > 500, `${where}: edges hide while panning exactly when the view is large (${m.size} ties)`);
      await page.screenshot({ path: screenshotPath(`map-labels-depth${depth}`) });
    }
    // A large view really hides its edges while panning.
    await page.goto(`/#/map/${encodeURIComponent(subjects.senator)}?depth=3`);
    await page.waitForFunction(() => window.__powermap.graph && window.__powermap.state.map.depth === 3 && window.__powermap.graph.order > 1, null, { timeout: 30_000 });
    const big = await page.evaluate(() => ({ size: window.__powermap.graph.size, hide: window.__powermap.renderer.getSetting('hideEdgesOnMove') }));
    assert.ok(big.size > 500, `the demo's depth-3 map is large (${big.size} ties)`);
    assert.equal(big.hide, true, 'edges hide while a large view pans');
    assert.deepEqual(page.problems, [], 'script errors or CSP violations');
    await page.context().close();
  });
});
