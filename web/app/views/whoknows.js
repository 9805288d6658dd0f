// "Who knows…?": the k best introduction paths to a target, as readable
// sentences, drawn on a map where the chosen path stands out.

import { html, useState, useEffect } from '../html.js';
import { get, enc } from '../api.js';
import { navigate, href, entityHref } from '../router.js';
import { update } from '../state.js';
import { Loading, ErrorBox, EntityLink } from '../components.js';
import { SearchBox } from './searchbox.js';
import { useGraphMap, markInteractive, Legend, HoverCard } from '../map/usemap.js';

/**
 * normalizePaths turns the API's answer (graph/paths.Result: paths whose
 * nodes carry each entity's id, name, kind, title and ours, and hops) into
 * [{nodes: [entity], edges: [relationship], strength}].
 */
export function normalizePaths(res) {
  return (res.paths || []).map((p) => {
    const nodes = (p.nodes || []).map((n) => ({ ...n, name: n.name || n.id }));
    const edges = (p.hops || []).map((h) => ({ id: h.relationship, source: h.from, target: h.to, type: h.type, strength: h.strength }));
    return { nodes, edges, strength: p.strength ?? null, hops: edges.length };
  });
}

/** who describes a person for a sentence: "Maria (our board)". */
function who(e, first) {
  if (!first || !e.ours) return e.name;
  return `${e.name} (${e.title ? `our ${e.title}` : 'ours'})`;
}

/** sentence renders a path: "Maria (our board) → Pastor Lee → Sen. Diaz, strength 0.56". */
export function sentence(p) {
  const names = p.nodes.map((n, i) => who(n, i === 0)).join(' → ');
  return typeof p.strength === 'number' ? `${names}, strength ${p.strength.toFixed(2)}` : names;
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

export function WhoKnows({ query }) {
  const to = query.get('to') || '';
  const from = (query.get('from') || '').split(',').filter(Boolean);
  // Without k or max_hops in the address, the API's defaults apply; the
  // answer says which.
  const k = Number(query.get('k')) || undefined;
  const maxHops = Number(query.get('max_hops')) || undefined;
  const [target, setTarget] = useState(null);
  const [fromEntities, setFromEntities] = useState([]);
  const [res, setRes] = useState({ loading: false, error: null, paths: null });
  const [limits, setLimits] = useState({ k: k ?? 5, maxHops: maxHops ?? 6 });
  const [chosen, setChosen] = useState(0);
  const { container, map, hover, error: mapError } = useGraphMap({ onClick: (id) => navigate(entityHref(id)) });
  const go = (q) => navigate(href('/who-knows', { to, from, k, max_hops: maxHops, ...q }));

  useEffect(() => {
    if (!to) return;
    get(`/entities/${enc(to)}`).then(setTarget).catch(() => setTarget({ id: to, name: to }));
  }, [to]);
  useEffect(() => {
    Promise.all(from.map((id) => get(`/entities/${enc(id)}`).catch(() => ({ id, name: id })))).then(setFromEntities);
  }, [query.get('from')]);

  useEffect(() => {
    if (!to) return undefined;
    let live = true;
    setRes({ loading: true, error: null, paths: null });
    setChosen(0);
    get('/paths', { to, from: from.length ? from : undefined, k, max_hops: maxHops })
      .then((r) => {
        const paths = normalizePaths(r);
        if (!live) return;
        setLimits({ k: r.k, maxHops: r.max_hops });
        setRes({ loading: false, error: null, paths });
        update({ paths: { to, from, k, paths, chosen: 0, sentences: paths.map(sentence) } });
        if (map.current) {
          const net = toNetwork(paths, to);
          map.current.setNetwork(net);
          map.current.setHighlight(highlightOf(paths, net), 0);
          markInteractive('pathsInteractive');
        }
      })
      .catch((error) => live && setRes({ loading: false, error, paths: null }));
    return () => {
      live = false;
    };
  }, [to, query.get('from'), k, maxHops]);

  const choose = (i) => {
    setChosen(i);
    update({ paths: { ...(window.__powermap.state.paths || {}), chosen: i } });
    if (map.current && res.paths) {
      const net = toNetwork(res.paths, to);
      map.current.setHighlight(highlightOf(res.paths, net), i);
    }
  };

  return html`<section class="whoknows" aria-labelledby="wk-h">
    <header class="viewhead">
      <h1 id="wk-h">Who knows ${target ? target.name : '…'}?</h1>
    </header>
    <div class="maplayout">
      <form class="mapcontrols" aria-label="Path settings" onSubmit=${(e) => e.preventDefault()}>
        <div class="field">
          <span class="label" id="wk-target-l">Target</span>
          ${target ? html`<p><strong>${target.name}</strong> <button type="button" onClick=${() => go({ to: '' })}>Change</button></p>` : null}
          ${!to ? html`<${SearchBox} id="wk-target" label="Target: who do you want to reach?" placeholder="Who do you want to reach?" onPick=${(e) => go({ to: e.id })} />` : null}
        </div>
        <div class="field">
          <span class="label">From (optional)</span>
          <ul class="chips">
            ${fromEntities.map(
              (e) => html`<li>${e.name} <button type="button" aria-label=${`Remove ${e.name}`} onClick=${() => go({ from: from.filter((x) => x !== e.id) })}>×</button></li>`,
            )}
          </ul>
          <${SearchBox} id="wk-from" label="Add a starting person" placeholder="Start from… (default: all of ours)" onPick=${(e) => go({ from: [...new Set([...from, e.id])] })} />
        </div>
        <div class="field">
          <label for="wk-k">Paths</label>
          <select id="wk-k" value=${k ?? limits.k} onChange=${(e) => go({ k: e.currentTarget.value })}>
            ${[1, 3, 5, 10].map((n) => html`<option value=${n}>${n}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="wk-hops">At most</label>
          <select id="wk-hops" value=${maxHops ?? limits.maxHops} onChange=${(e) => go({ max_hops: e.currentTarget.value })}>
            ${[2, 3, 4, 5, 6].map((n) => html`<option value=${n}>${n} hops</option>`)}
          </select>
        </div>
        ${res.loading ? html`<${Loading} what="Finding paths" />` : null}
        <${ErrorBox} error=${res.error} />
        ${res.paths
          ? res.paths.length
            ? html`<ol class="paths" aria-label="Introduction paths, best first">
                ${res.paths.map(
                  (p, i) => html`<li class=${i === chosen ? 'chosen' : ''}>
                    <button type="button" class="pathbtn" aria-pressed=${i === chosen ? 'true' : 'false'} onClick=${() => choose(i)}>
                      ${sentence(p)}
                    </button>
                    <div class="pathsteps muted">${p.edges.map((e) => (e.type || '').toLowerCase().replace(/_/g, ' ')).join(' · ')}</div>
                    ${i === chosen ? html`<div class="pathlinks">${p.nodes.map((n) => html`<${EntityLink} id=${n.id} name=${n.name} /> `)}</div>` : null}
                  </li>`,
                )}
              </ol>`
            : html`<p class="muted" role="status">No path within ${limits.maxHops} hops.</p>`
          : null}
        <${Legend} />
      </form>
      <div class="mapstage">
        <${ErrorBox} error=${mapError} />
        <div class="sigma" ref=${container} role="img" aria-label="Map of the introduction paths; the chosen path is drawn darkest"></div>
        <${HoverCard} hover=${hover} />
      </div>
    </div>
  </section>`;
}
