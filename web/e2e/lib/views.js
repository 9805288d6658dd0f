// views.js lists every view of the UI, with the element that shows it is
// ready, so that the accessibility sweep and the screenshot script visit the
// same pages. Paths are resolved against the demo map: {senator} is a State
// Senator, {campaign} the demo campaign.

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const CAMPAIGN = 'campaign-demo';

/**
 * VIEWS: name, hash path, and a selector that is present once the view has
 * its content. signedOut views are shown without a session.
 */
export const VIEWS = [
  { name: 'sign-in', path: '/', ready: 'section.signin form', signedOut: true },
  { name: 'home', path: '/#/', ready: 'main h1' },
  { name: 'search', path: '/#/search?q={senatorLast}', ready: 'main table tbody tr' },
  { name: 'entity', path: '/#/entity/{senator}', ready: 'main h1' },
  { name: 'brief', path: '/#/entity/{senator}/brief', ready: 'article.brief h2' },
  { name: 'map', path: '/#/map/{senator}?depth=2', ready: '.sigma canvas', map: true },
  { name: 'who-knows-empty', path: '/#/who-knows', ready: 'main h1' },
  { name: 'who-knows', path: '/#/who-knows?to={senator}&campaign={campaign}', ready: '.wk-paths li', map: true },
  { name: 'rankings', path: '/#/rankings', ready: 'main table tbody tr' },
  { name: 'import', path: '/#/import', ready: 'main form' },
  { name: 'campaigns', path: '/#/campaigns', ready: 'main h1' },
  { name: 'outreach', path: '/#/campaigns/{campaign}?tab=outreach', ready: 'li.outreach-entry' },
  { name: 'power-grid', path: '/#/campaigns/{campaign}?tab=grid', ready: 'svg.grid-plot .pt' },
  { name: 'log', path: '/#/campaigns/{campaign}?tab=log', ready: 'table.log tbody tr' },
  { name: 'targets', path: '/#/campaigns/{campaign}?tab=targets', ready: 'table.targets tbody tr' },
  { name: 'duplicates', path: '/#/dedupe', ready: '.dedupe-pair, .dedupe-count' },
  { name: 'events', path: '/#/events', ready: 'table.events tbody tr' },
  { name: 'events-new', path: '/#/events?new=1', ready: 'form.event-form' },
  { name: 'event', path: '/#/events/{lobbyDay}', ready: 'ul.attendees li' },
  { name: 'turnout', path: '/#/entity/{turnoutOfficial}', ready: 'p.turnout-summary' },
  { name: 'ladder', path: '/#/entity/{leader}', ready: 'ol.ladder li.reached' },
  { name: 'questions', path: '/#/entity/{forumOfficial}/questions', ready: 'ol.q-list li' },
  { name: 'speakers', path: '/#/speakers?target={turnoutOfficial}', ready: 'table.speakers tbody tr' },
  { name: 'ballot', path: '/#/ballot/{ballotDistrict}', ready: 'section.ballot-person h2' },
  { name: 'not-found', path: '/#/no-such-page', ready: 'main h1' },
];

/** demoSubjects finds the demo's senator through the API. */
export async function demoSubjects(srv) {
  const r = await srv.api('GET', '/search?q=senator&limit=50');
  const items = (r.body && r.body.items) || [];
  const senator = items.find((e) => e.kind === 'official' && /senator/i.test(e.title || ''));
  if (!senator) throw new Error(`no State Senator in the demo map: ${JSON.stringify(r.body).slice(0, 300)}`);
  // The demo's lobby day at the capitol: its first official present has
  // a turnout report, its first leader a leadership ladder.
  const ev = await srv.api('GET', '/events?type=lobby_day&limit=1');
  const lobby = ev.body && ev.body.items && ev.body.items[0];
  if (!lobby) throw new Error(`no lobby day in the demo map: ${JSON.stringify(ev.body).slice(0, 300)}`);
  const leader = lobby.attendees.find((a) => a.role === 'leader');
  // The demo's candidate forum: its first official has a question bank.
  const fo = await srv.api('GET', '/events?type=candidate_forum&limit=1');
  const forum = fo.body && fo.body.items && fo.body.items[0];
  if (!forum) throw new Error(`no candidate forum in the demo map: ${JSON.stringify(fo.body).slice(0, 300)}`);
  // The district of the demo's candidates: its ballot has known and
  // unknown stances.
  const cand = await srv.api('GET', '/entities/cand-demo-01');
  if (!cand.body || !cand.body.district) throw new Error(`no demo candidate: ${JSON.stringify(cand.body).slice(0, 300)}`);
  return {
    senator: senator.id,
    senatorName: senator.name,
    senatorLast: senator.name.split(' ').pop(),
    campaign: CAMPAIGN,
    lobbyDay: lobby.id,
    turnoutOfficial: lobby.officials[0],
    leader: leader.entity,
    forumOfficial: forum.officials[0],
    ballotDistrict: cand.body.district,
  };
}

/** pathOf fills a view's path from the demo subjects. */
export function pathOf(view, subjects) {
  return view.path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(subjects[k]));
}

/** openView shows a view and waits until its content is there. */
export async function openView(page, view, subjects) {
  await page.goto(pathOf(view, subjects));
  await page.locator(view.ready).first().waitFor({ timeout: 30_000 });
  if (view.map) {
    await page.waitForFunction(() => window.__powermap.graph && window.__powermap.graph.order > 1 && window.__powermap.state.map.layout === 'done', null, { timeout: 30_000 });
  }
}
