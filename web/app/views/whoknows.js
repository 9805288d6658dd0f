// "Who knows…?": the answer first. The k best introduction paths to a
// target, each one sentence that names every person with their role and
// every tie with its relationship, at full width; below them, a map where
// the chosen path stands out. One request per answer: every node of the
// API's answer carries its name, kind, title and `ours`.

import { html, useState, useEffect } from '../html.js';
import { get, enc } from '../api.js';
import { navigate, href, entityHref } from '../router.js';
import { update } from '../state.js';
import { Loading, ErrorBox } from '../components.js';
import { SearchBox } from './searchbox.js';
import { useGraphMap, markInteractive, Legend, HoverCard } from '../map/usemap.js';

/** MORE is how many paths "More paths" adds; MAX_K is the API's limit. */
const MORE = 5;
const MAX_K = 100;

/**
 * normalizePaths turns the API's answer (graph/paths.Result: paths whose
 * nodes carry each entity's id, name, kind, title and ours, and hops) into
 * [{nodes: [entity], hops: [hop], edges: [relationship], strength}].
 */
export function normalizePaths(res) {
  return (res.paths || []).map((p) => {
    const nodes = (p.nodes || []).map((n) => ({ ...n, name: n.name || 'someone unnamed' }));
    const hops = p.hops || [];
    const edges = hops.map((h) => ({ id: h.relationship, source: h.from, target: h.to, type: h.type, strength: h.strength }));
    return { nodes, hops, edges, strength: p.strength ?? null };
  });
}

// Verbs of the relationship types, from GET /types, loaded once.
let verbsCache = null;
let verbsLoading = null;

/** loadVerbs resolves to {TYPE: [verb, inverse]}; on failure, to {}. */
export function loadVerbs() {
  if (verbsCache) return Promise.resolve(verbsCache);
  if (!verbsLoading) {
    verbsLoading = get('/types')
      .then((r) => {
        verbsCache = {};
        for (const t of r.types || []) verbsCache[t.type] = [t.verb || t.label, t.inverse || t.verb || t.label];
        return verbsCache;
      })
      .catch(() => {
        verbsLoading = null;
        return {};
      });
  }
  return verbsLoading;
}

// Who opposes each campaign's issue, loaded once per campaign.
const opposersCache = new Map();

/**
 * loadOpposers resolves to {issue: name, ids: Set} for a campaign: the
 * entities that oppose its issue (OPPOSES ties to the issue entity).
 */
export function loadOpposers(campaign) {
  if (!opposersCache.has(campaign.id)) {
    const issue = campaign.issue;
    const p = Promise.all([
      get(`/entities/${enc(issue)}`),
      get(`/entities/${enc(issue)}/relationships`, { types: 'OPPOSES', limit: 1000 }),
    ]).then(([e, ties]) => ({
      issue: e.name,
      ids: new Set((ties.items || []).map((t) => t.entity.id)),
    }));
    p.catch(() => opposersCache.delete(campaign.id));
    opposersCache.set(campaign.id, p);
  }
  return opposersCache.get(campaign.id);
}

/** verbOf reads a hop from its `from` end: "works for", or "employs" when reversed. */
export function verbOf(hop, verbs) {
  const v = verbs && verbs[hop.type];
  if (v) return hop.reverse ? v[1] : v[0];
  return (hop.type || 'is tied to').toLowerCase().replace(/_/g, ' ');
}

/** label is a name as a path reads it: "Maria Ortiz (our board)". */
function label(n) {
  if (!n.ours) return n.name;
  return `${n.name} (${n.title ? `our ${n.title}` : 'ours'})`;
}

/** role is the apposition after a name: a person's or official's title. */
function role(n) {
  if (n.ours || !n.title || n.kind === 'organization' || n.kind === 'issue') return '';
  return n.title;
}

/**
 * steps splits a path into its sentence's steps: the first person, then
 * one step per hop, {pronoun, verb, node}: "who works for" + node.
 */
export function steps(p, verbs) {
  return p.hops.map((h, i) => ({
    pronoun: i === 0 ? '' : p.nodes[i].kind === 'organization' || p.nodes[i].kind === 'issue' ? 'which' : 'who',
    verb: verbOf(h, verbs),
    node: p.nodes[i + 1],
  }));
}

/**
 * sentence renders a path as one sentence: "Maria Ortiz (our board) knows
 * Dorian Vinegarde, District Director, who works for Zoë Gingerhook, State
 * Senator."
 */
export function sentence(p, verbs, opp) {
  if (!p.nodes.length) return '';
  const flag = (n) => (opposes(n, opp) ? ` (opposes ${opp.issue})` : '');
  const described = (n) => (role(n) ? `${label(n)}, ${role(n)}` : label(n)) + flag(n);
  let s = described(p.nodes[0]);
  steps(p, verbs).forEach((st) => {
    s += `${st.pronoun ? `, ${st.pronoun}` : ''} ${st.verb} ${described(st.node)}`;
  });
  return s.endsWith('.') ? s : `${s}.`;
}

/** opposes reports whether n opposes the campaign's issue, in opp. */
function opposes(n, opp) {
  return !!(opp && opp.ids.has(n.id));
}

/** opposedHops counts a path's people after the first who oppose the issue. */
export function opposedHops(p, opp) {
  return p.nodes.slice(1).filter((n) => opposes(n, opp)).length;
}

function Name({ node, opp }) {
  const r = role(node);
  return html`<a class="wk-who" href=${entityHref(node.id)}>${label(node)}</a>${r ? html`, <span class="wk-role">${r}</span>` : null}${opposes(node, opp)
      ? html` <span class="wk-opposes">(opposes ${opp.issue})</span>`
      : null}`;
}

/** Sentence is sentence() with linked names and the relationship of each step marked. */
function Sentence({ path, verbs, opp }) {
  const all = steps(path, verbs);
  return html`<p class="sentence">
    <${Name} node=${path.nodes[0]} opp=${opp} />${all.map(
      (st, i) =>
        html`<span class="step">${st.pronoun ? `, ${st.pronoun}` : ''} <em class="rel">${st.verb}</em> <${Name} node=${st.node} opp=${opp} />${i === all.length - 1 ? '.' : ''}</span>`,
    )}
  </p>`;
}

function toNetwork(paths, to) {
  const nodes = new Map();
  const edges = new Map();
  for (const p of paths) {
    p.nodes.forEach((n, i) => {
      if (!nodes.has(n.id)) nodes.set(n.id, { ...n, depth: p.nodes.length - 1 - i });
    });
    p.edges.forEach((e, i) => {
      const s = e.source || (p.nodes[i] && p.nodes[i].id);
      const t = e.target || (p.nodes[i + 1] && p.nodes[i + 1].id);
      const id = e.id || `${e.type || 'TIE'}:${s}>${t}`;
      if (!edges.has(id)) edges.set(id, { ...e, id, source: s, target: t });
    });
  }
  return { center: to, nodes: [...nodes.values()], edges: [...edges.values()] };
}

function highlightOf(paths, net) {
  return paths.map((p) => ({
    nodes: p.nodes.map((n) => n.id),
    edges: p.edges.map((e, i) => e.id || net.edges.find((x) => x.source === p.nodes[i].id && x.target === p.nodes[i + 1].id)?.id),
  }));
}

/** options lists the choices of a select, with the current value among them. */
function options(list, current) {
  return [...new Set([...list, current].filter(Boolean))].sort((a, b) => a - b);
}

export function WhoKnows({ query }) {
  const to = query.get('to') || '';
  const from = (query.get('from') || '').split(',').filter(Boolean);
  // Without k or max_hops in the address, the API's defaults apply; the
  // answer says which.
  const k = Number(query.get('k')) || undefined;
  const maxHops = Number(query.get('max_hops')) || undefined;
  // A campaign gives the question context: who opposes its issue.
  const campaignId = query.get('campaign') || '';
  const [campaigns, setCampaigns] = useState(null);
  const [opp, setOpp] = useState(null);
  const [res, setRes] = useState({ loading: false, error: null, paths: null, target: null, k: null, maxHops: null });
  const [verbs, setVerbs] = useState(verbsCache);
  const [fromNames, setFromNames] = useState({});
  const [chosen, setChosen] = useState(0);
  const { container, map, hover, error: mapError } = useGraphMap({ onClick: (id) => navigate(entityHref(id)) });
  const go = (q) => {
    const next = { to, from, k, max_hops: maxHops, campaign: campaignId || undefined, ...q };
    if (!next.from || !next.from.length) next.from = undefined;
    navigate(href('/who-knows', next));
  };

  useEffect(() => {
    if (!verbs) loadVerbs().then(setVerbs);
    get('/campaigns')
      .then((r) => setCampaigns(r.items || []))
      .catch(() => setCampaigns([]));
  }, []);

  useEffect(() => {
    setOpp(null);
    const c = campaigns && campaigns.find((x) => x.id === campaignId);
    if (!c || !c.issue) return undefined;
    let live = true;
    loadOpposers(c)
      .then((o) => live && setOpp(o))
      .catch(() => live && setOpp(null));
    return () => {
      live = false;
    };
  }, [campaignId, campaigns]);

  useEffect(() => {
    if (!to) {
      setRes({ loading: false, error: null, paths: null, target: null, k: null, maxHops: null });
      return undefined;
    }
    let live = true;
    // Another target's answer is not shown while this one loads.
    setRes((r) => (r.target && r.target.id !== to ? { ...r, loading: true, error: null, paths: null, target: null } : { ...r, loading: true, error: null }));
    setChosen(0);
    get('/paths', { to, from: from.length ? from : undefined, k, max_hops: maxHops })
      .then((r) => {
        if (!live) return;
        const paths = normalizePaths(r);
        setRes({ loading: false, error: null, paths, target: r.target, k: r.k, maxHops: r.max_hops });
        const names = {};
        for (const p of paths) names[p.nodes[0].id] = p.nodes[0];
        setFromNames((old) => ({ ...old, ...names }));
        update({ paths: { to, from, k: r.k, maxHops: r.max_hops, target: r.target, paths, chosen: 0 } });
        if (map.current) {
          const net = toNetwork(paths, to);
          map.current.setNetwork(net);
          map.current.setHighlight(highlightOf(paths, net), 0);
          markInteractive('pathsInteractive');
        }
      })
      .catch((error) => live && setRes({ loading: false, error, paths: null, target: null, k: null, maxHops: null }));
    return () => {
      live = false;
    };
  }, [to, query.get('from'), k, maxHops]);

  // A starting person no path begins with is named by one lookup, once.
  useEffect(() => {
    if (!res.paths) return;
    for (const id of from) {
      if (fromNames[id]) continue;
      get(`/entities/${enc(id)}`)
        .then((e) => setFromNames((old) => ({ ...old, [id]: e })))
        .catch(() => setFromNames((old) => ({ ...old, [id]: { id, name: 'someone not found' } })));
    }
  }, [res.paths]);

  // Sentences follow the verbs once they arrive.
  useEffect(() => {
    const st = window.__powermap.state.paths;
    if (res.paths && st) {
      update({
        paths: { ...st, sentences: res.paths.map((p) => sentence(p, verbs || {}, opp)), opposed: res.paths.map((p) => opposedHops(p, opp)) },
      });
    }
  }, [res.paths, verbs, opp]);

  const choose = (i) => {
    setChosen(i);
    update({ paths: { ...(window.__powermap.state.paths || {}), chosen: i } });
    if (map.current && res.paths) {
      const net = toNetwork(res.paths, to);
      map.current.setHighlight(highlightOf(res.paths, net), i);
    }
  };

  const target = res.target;
  const paths = res.paths;
  const effK = res.k || k || 5;
  const effHops = res.maxHops || maxHops || 6;
  const direct = paths ? paths.filter((p) => p.hops.length === 1).length : 0;
  const opposed = paths && opp ? paths.filter((p) => opposedHops(p, opp) > 0).length : 0;
  return html`<section class="whoknows" aria-labelledby="wk-h">
    <header class="viewhead">
      <h1 id="wk-h">${to ? html`Who knows ${target ? target.name : '…'}?` : 'Who knows…?'}</h1>
      ${target && target.title ? html`<p class="sub">${target.title}</p>` : null}
    </header>
    <form class="wk-settings" aria-label="Question" onSubmit=${(e) => e.preventDefault()}>
      <div class="field wk-target">
        ${to
          ? html`<span class="label">Target</span>
              <p class="wk-value"><strong>${target ? target.name : '…'}</strong> <button type="button" onClick=${() => go({ to: '' })}>Change</button></p>`
          : html`<span class="label" aria-hidden="true">Target</span>
              <${SearchBox} id="wk-target" label="Target: who do you want to reach?" placeholder="Who do you want to reach?" onPick=${(e) => go({ to: e.id })} />`}
      </div>
      <div class="field wk-from">
        <span class="label" aria-hidden="true">From</span>
        ${from.length
          ? html`<ul class="chips" aria-label="Starting people">
              ${from.map((id) => {
                const name = fromNames[id] ? fromNames[id].name : '…';
                return html`<li>${name} <button type="button" aria-label=${`Remove ${name}`} onClick=${() => go({ from: from.filter((x) => x !== id) })}>×</button></li>`;
              })}
            </ul>`
          : null}
        <${SearchBox} id="wk-from" label="Start from (optional; default: all of ours)" placeholder="All of ours, or start from…" onPick=${(e) => {
          setFromNames((old) => ({ ...old, [e.id]: e }));
          go({ from: [...new Set([...from, e.id])] });
        }} />
      </div>
      <div class="field">
        <label for="wk-k">Paths</label>
        <select id="wk-k" value=${effK} onChange=${(e) => go({ k: e.currentTarget.value })}>
          ${options([1, 3, 5, 10, 20], effK).map((n) => html`<option value=${n}>${n}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="wk-hops">At most</label>
        <select id="wk-hops" value=${effHops} onChange=${(e) => go({ max_hops: e.currentTarget.value })}>
          ${options([1, 2, 3, 4, 5, 6, 8, 10, 12], effHops).map((n) => html`<option value=${n}>${n} ${n === 1 ? 'hop' : 'hops'}</option>`)}
        </select>
      </div>
      ${campaigns && campaigns.length
        ? html`<div class="field">
            <label for="wk-campaign">For the campaign</label>
            <select id="wk-campaign" value=${campaignId} onChange=${(e) => go({ campaign: e.currentTarget.value || undefined })}>
              <option value="">No campaign</option>
              ${campaigns.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
            </select>
          </div>`
        : null}
    </form>
    ${!to ? html`<p class="muted">Name someone to reach. The paths start from all of our people unless you pick where to start.</p>` : null}
    ${res.loading ? html`<${Loading} what="Finding paths" />` : null}
    <${ErrorBox} error=${res.error} />
    ${paths
      ? html`<div class="wk-answer">
          <p class="wk-summary" role="status">
            ${paths.length
              ? `${paths.length} ${paths.length === 1 ? 'path' : 'paths'} within ${effHops} hops, best first${direct ? `; ${direct} of ours ${direct === 1 ? 'knows' : 'know'} ${target ? target.name : 'them'} directly` : ''}.${opp ? ` ${opposed || 'None'} ${opposed === 1 ? 'passes' : 'pass'} through someone who opposes ${opp.issue}.` : ''}`
              : `No path within ${effHops} hops.`}
          </p>
          ${paths.length
            ? html`<ol class="paths wk-paths" aria-label="Introduction paths, best first">
                ${paths.map(
                  (p, i) => html`<li class=${`wk-path${i === chosen ? ' chosen' : ''}`} data-hops=${p.hops.length}>
                    <${Sentence} path=${p} verbs=${verbs || {}} opp=${opp} />
                    <div class="wk-meta">
                      ${opposedHops(p, opp) ? html`<span class="badge wk-warn">through someone who opposes ${opp.issue}</span>` : null}
                      ${p.hops.length === 1 ? html`<span class="badge wk-direct">knows directly</span>` : html`<span>${p.hops.length} hops</span>`}
                      <span>strength ${typeof p.strength === 'number' ? p.strength.toFixed(2) : '?'}</span>
                      <button type="button" class="wk-show" aria-pressed=${i === chosen ? 'true' : 'false'} onClick=${() => choose(i)}>
                        ${i === chosen ? 'Shown on the map' : 'Show on the map'}<span class="visually-hidden">: path ${i + 1}</span>
                      </button>
                    </div>
                  </li>`,
                )}
              </ol>`
            : null}
          ${paths.length >= effK && effK < MAX_K
            ? html`<button type="button" class="wk-more" onClick=${() => go({ k: Math.min(MAX_K, effK + MORE) })}>More paths</button>`
            : paths.length
              ? html`<p class="muted">These are all the paths within ${effHops} hops.</p>`
              : null}
        </div>`
      : null}
    <div class="mapstage wk-map" hidden=${!to}>
      <h2 class="visually-hidden">Map of the paths</h2>
      <${ErrorBox} error=${mapError} />
      <div class="sigma" ref=${container} role="img" aria-label="Map of the introduction paths; the chosen path is drawn darkest"></div>
      <${HoverCard} hover=${hover} />
      <${Legend} map=${map} />
    </div>
  </section>`;
}
