// screenshots.js regenerates the pictures in docs/screenshots/ (make
// screenshots): it starts the real binary on the demo map, signs in, opens
// the views listed below at 1280×800 or on a 390 px phone in headless
// Chromium, and writes one PNG per view. The README shows some of them.

import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { launch, newPage, signIn } from './lib/browser.js';
import { start, repoRoot } from './lib/server.js';
import { VIEWS, DESKTOP, PHONE, demoSubjects, openView } from './lib/views.js';

// SHOTS: file name, view name, viewport. Keep docs/screenshots/README.md in
// step with this list.
const SHOTS = [
  ['who-knows', 'who-knows', DESKTOP],
  ['who-knows-phone', 'who-knows', PHONE],
  ['power-grid', 'power-grid', DESKTOP],
  ['power-grid-phone', 'power-grid', PHONE],
  ['outreach', 'outreach', DESKTOP],
  ['map', 'map', DESKTOP],
  ['entity', 'entity', DESKTOP],
  ['rankings', 'rankings', DESKTOP],
  ['search', 'search', DESKTOP],
  ['targets', 'targets', DESKTOP],
];

const out = path.join(repoRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const srv = await start();
const browser = await launch();
try {
  const subjects = await demoSubjects(srv);
  const pages = new Map();
  for (const [file, name, viewport] of SHOTS) {
    const view = VIEWS.find((v) => v.name === name);
    if (!view) throw new Error(`screenshots.js: no view named ${name} in lib/views.js`);
    const key = `${viewport.width}x${viewport.height}`;
    if (!pages.has(key)) {
      const p = await newPage(browser, srv.url, { viewport });
      await signIn(p, srv.adminToken);
      pages.set(key, p);
    }
    const page = pages.get(key);
    await openView(page, view, subjects);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const file_ = path.join(out, `${file}.png`);
    await page.screenshot({ path: file_ });
    if (page.problems.length) throw new Error(`${name}: ${page.problems.join('; ')}`);
    console.log(`wrote ${path.relative(repoRoot, file_)}`);
  }
} finally {
  await browser.close();
  await srv.stop();
}
