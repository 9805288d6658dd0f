// perf.js measures the map in headless Chromium against the real binary:
//
//   - time to first interactive map for a 1,000-node ego network: from the
//     page's navigation start to the second animation frame after the
//     network was drawn (the map then answers hover, click, pan and zoom;
//     ForceAtlas2 keeps refining in its worker);
//   - frame time while panning at 5,000 nodes and 20,000 edges: a graph
//     generated in the page with a fixed seed, the camera moved every frame;
//   - time to interactive of every view of lib/views.js on the demo map:
//     from the page's navigation start until the view shows its content
//     (and, for a map, its layout is done), median of RUNS loads.
//
// Results are printed as Go benchmark lines (parsable by benchstat and by
// the BENCHMARKS.md report) and as one JSON line.

import { launch, newPage, signIn } from '../lib/browser.js';
import { start } from '../lib/server.js';
import { VIEWS, demoSubjects, openView } from '../lib/views.js';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const PAN_MS = Number(process.env.BENCH_PAN_MS || 4000);
// BENCH_SIGMA_SETTINGS (JSON) overrides sigma settings for the pan, to
// compare e.g. {"hideEdgesOnMove": true}.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const srv = await start();
const browser = await launch();
try {
  // The demo's best-connected entity whose depth-3 network reaches 1,000 nodes.
  const list = await srv.api('GET', '/entities?limit=200');
  let center = null;
  let net = null;
  for (const e of list.body.items) {
    const r = await srv.api('GET', `/entities/${encodeURIComponent(e.id)}/network?depth=3&limit=1000`);
    if (r.status === 200 && r.body.nodes.length >= 1000) {
      center = e.id;
      net = r.body;
      break;
    }
  }
  if (!center) throw new Error('no demo entity has a 1,000-node network within 3 hops');

  const page = await newPage(browser, srv.url);
  await signIn(page, srv.adminToken);
  const tti = [];
  const fetched = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('about:blank');
    await page.goto(`/#/map/${encodeURIComponent(center)}?depth=3&limit=1000`);
    await page.waitForFunction(() => window.__powermap.marks.mapInteractive !== undefined, null, { timeout: 60_000 });
    const m = await page.evaluate(() => ({ ...window.__powermap.marks, order: window.__powermap.graph.order }));
    if (m.order !== net.nodes.length) throw new Error(`map shows ${m.order} nodes, API gave ${net.nodes.length}`);
    tti.push(m.mapInteractive);
    fetched.push(m.mapFetched - m.mapRequested);
  }

  // Panning at 5,000 nodes / 20,000 edges.
  const pan = await page.evaluate(
    async ({ panMs, settings }) => {
      const map = window.__powermap.map;
      let seed = 42;
      const rnd = () => {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        return seed / 2 ** 32;
      };
      const kinds = ['person', 'official', 'donor', 'organization'];
      const types = ['KNOWS', 'WORKS_FOR', 'MEMBER_OF', 'DONATED_TO', 'BOARD_OF'];
      const N = 5000;
      const M = 20000;
      const nodes = [];
      for (let i = 0; i < N; i++) nodes.push({ id: `n${i}`, name: `Node ${i}`, kind: kinds[i % 4], ours: i % 17 === 0, labels: [] });
      const edges = [];
      const seen = new Set();
      while (edges.length < M) {
        // Preferential-ish: one end among the first fifth more often.
        const a = Math.floor(rnd() ** 2 * N);
        const b = Math.floor(rnd() * N);
        const key = `${a}-${b}`;
        if (a === b || seen.has(key)) continue;
        seen.add(key);
        edges.push({ id: `e${edges.length}`, source: `n${a}`, target: `n${b}`, type: types[edges.length % 5], strength: 0.2 + 0.6 * rnd() });
      }
      const t0 = performance.now();
      map.setNetwork({ center: 'n0', nodes, edges });
      const drawn = performance.now() - t0;
      // Let the worker layout run a little, then stop it so that only the
      // panning is measured.
      await new Promise((r) => setTimeout(r, 1500));
      map.stopLayout();
      for (const [k, v] of Object.entries(settings)) map.renderer.setSetting(k, v);
      const cam = map.renderer.getCamera();
      cam.setState({ x: 0.5, y: 0.5, ratio: 1 });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const frames = [];
      let last = performance.now();
      const end = last + panMs;
      await new Promise((resolve) => {
        const step = (now) => {
          frames.push(now - last);
          last = now;
          const s = cam.getState();
          cam.setState({ x: s.x + 0.002, y: s.y + 0.001 });
          if (now < end) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      // Direct cost of one full redraw (what a pan frame does).
      const renders = [];
      for (let i = 0; i < 30; i++) {
        const s = cam.getState();
        cam.setState({ x: s.x - 0.002 });
        const t = performance.now();
        map.renderer.refresh({ skipIndexation: true });
        renders.push(performance.now() - t);
      }
      return { frames: frames.slice(1), renders, drawn, order: map.graph.order, size: map.graph.size };
    },
    { panMs: PAN_MS, settings: JSON.parse(process.env.BENCH_SIGMA_SETTINGS || '{}') },
  );
  if (page.problems.length) throw new Error(`page problems: ${page.problems.join('\n')}`);

  // Every view's time to interactive, each loaded afresh.
  const subjects = await demoSubjects(srv);
  const views = {};
  const out = await newPage(browser, srv.url);
  for (const view of VIEWS) {
    const p = view.signedOut ? out : page;
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await p.goto('about:blank');
      await openView(p, view, subjects);
      times.push(await p.evaluate(() => performance.now()));
    }
    views[view.name] = times;
  }
  if (page.problems.length || out.problems.length) throw new Error(`page problems: ${[...page.problems, ...out.problems].join('\n')}`);

  const ns = (ms) => Math.round(ms * 1e6);
  for (const [name, times] of Object.entries(views)) {
    console.log(`BenchmarkBrowserView/${name}\t${times.length}\t${ns(median(times))} ns/op\t${ns(Math.max(...times))} max-ns/op`);
  }
  // The slowest view's median: the figure the target checks.
  const slowest = Math.max(...Object.values(views).map(median));
  console.log(`BenchmarkBrowserViewSlowest\t${Object.keys(views).length}\t${ns(slowest)} ns/op`);
  const ttiMed = median(tti);
  const p50 = pct(pan.frames, 50);
  const p95 = pct(pan.frames, 95);
  const r50 = pct(pan.renders, 50);
  console.log(`BenchmarkBrowserFirstInteractiveMap/nodes=${net.nodes.length}/edges=${net.edges.length}\t${RUNS}\t${ns(ttiMed)} ns/op\t${ns(median(fetched))} fetch-ns/op`);
  console.log(`BenchmarkBrowserPanFrame/nodes=${pan.order}/edges=${pan.size}\t${pan.frames.length}\t${ns(p50)} ns/op\t${ns(p95)} p95-ns/op\t${(1000 / p50).toFixed(1)} fps\t${ns(r50)} render-ns/op`);
  console.log(
    'BENCH_JSON ' +
      JSON.stringify({
        first_interactive_map: { nodes: net.nodes.length, edges: net.edges.length, runs: RUNS, median_ms: +ttiMed.toFixed(1), all_ms: tti.map((x) => +x.toFixed(1)), fetch_median_ms: +median(fetched).toFixed(1) },
        pan: { nodes: pan.order, edges: pan.size, frames: pan.frames.length, p50_ms: +p50.toFixed(2), p95_ms: +p95.toFixed(2), fps_p50: +(1000 / p50).toFixed(1), render_p50_ms: +r50.toFixed(2), set_network_ms: +pan.drawn.toFixed(1) },
        views: Object.fromEntries(Object.entries(views).map(([k, v]) => [k, +median(v).toFixed(1)])),
        browser: browser.version(),
      }),
  );
} finally {
  await browser.close();
  await srv.stop();
}
