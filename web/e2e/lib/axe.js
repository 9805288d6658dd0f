// axe.js runs axe-core (an npm devDependency, test-only: it is never served
// by powermap) against the current page for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** audit resolves to the list of violations, formatted for an assertion message. */
export async function audit(page, { exclude = [] } = {}) {
  // Evaluated through the DevTools protocol, so the page's CSP (which
  // rightly forbids inline scripts) does not block it.
  await page.evaluate(source);
  const violations = await page.evaluate(async (exclude) => {
    const res = await window.axe.run(
      { include: [document], exclude: exclude.map((s) => [s]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] },
    );
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  }, exclude);
  return violations;
}

export function describeViolations(vs) {
  return vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** serious resolves to the serious and critical violations on the page. */
export async function serious(page, opts) {
  return (await audit(page, opts)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** overflow resolves to how far the page scrolls sideways, in px (≤ 0 when it fits). */
export function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * assertAccessibleAndFits fails the test when axe-core finds a serious or
 * critical violation on the page, or when the page scrolls sideways.
 */
export async function assertAccessibleAndFits(page) {
  const vs = await serious(page);
  assert.deepEqual(vs, [], describeViolations(vs));
  const over = await overflow(page);
  assert.ok(over <= 0, `scrolls ${over} px sideways`);
}
