// The map view: an entity's ego network (depth 1–3), coloured by kind,
// `ours` ringed, sized by a chosen ranking, filtered by type, kind and label.

import { html, useEffect, useState } from '../html.js';
import { get, enc } from '../api.js';
import { navigate, entityHref, mapHref, href } from '../router.js';
import { state, update } from '../state.js';
import { Loading, ErrorBox } from '../components.js';
import { useGraphMap, markInteractive, Legend, HoverCard } from '../map/usemap.js';
import { download } from '../map/graphmap.js';
import { mark } from '../state.js';

const KINDS = ['person', 'official', 'donor', 'organization', 'issue'];

/** SIZE_OPTIONS are the rankings a map can be sized by. */
export const SIZE_OPTIONS = [
  { value: 'degree', label: 'Ties in view' },
  { value: 'pagerank', label: 'PageRank', api: true },
  { value: 'betweenness', label: 'Betweenness', api: true },
];

export function MapView({ params, query }) {
  const id = params.id;
  const depth = Math.min(3, Math.max(1, Number(query.get('depth')) || 1));
  const [net, setNet] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [filters, setFilters] = useState({ types: [], kinds: [], label: '' });
  const [sizeBy, setSizeBy] = useState('degree');
  const [sizeNote, setSizeNote] = useState('');
  // The network is asked for before the map is made: effects run in
  // order, and making the map (its WebGL contexts) takes longer than the
  // request, so both go on at once. map is read when the answer comes,
  // after useGraphMap's effect has made it.
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    mark('mapRequested');
    get(`/entities/${enc(id)}/network`, { depth, limit: query.get('limit') || undefined })
      .then((n) => {
        if (!live) return;
        mark('mapFetched');
        setNet(n);
        setLoading(false);
        update({ map: { center: id, depth, truncated: !!n.truncated } });
        if (map.current) {
          map.current.setNetwork(n);
          markInteractive();
        }
      })
      .catch((err) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [id, depth]);

  const { container, map, hover, error: mapError } = useGraphMap({
    onClick: (node) => navigate(entityHref(node)),
  });

  useEffect(() => {
    if (map.current && net) map.current.applyFilters(filters);
  }, [filters, net]);

  useEffect(() => {
    if (!map.current || !net) return;
    update({ map: { sizeBy } });
    const opt = SIZE_OPTIONS.find((o) => o.value === sizeBy);
    if (!opt || !opt.api) {
      map.current.setSizes(null);
      setSizeNote('');
      return;
    }
    setSizeNote(`Loading ${opt.label}…`);
    get('/rankings', { algo: sizeBy, top: 5000 })
      .then((res) => {
        const scores = new Map();
        for (const r of res.items || res.rankings || []) scores.set(r.id || (r.entity && r.entity.id), r.score);
        map.current && map.current.setSizes(scores);
        setSizeNote(res.exact === false ? `${opt.label} (estimated)` : '');
      })
      .catch((err) => {
        setSizeNote(`${opt.label} is unavailable (${err.message}); sized by ties in view.`);
        map.current && map.current.setSizes(null);
      });
  }, [sizeBy, net]);

  const types = net ? [...new Set(net.edges.map((e) => e.type))].sort() : [];
  const labels = net ? [...new Set(net.nodes.flatMap((n) => n.labels || []))].sort() : [];
  const center = net && net.nodes.find((n) => n.id === id);
  const toggle = (key, v) => {
    const cur = new Set(filters[key]);
    if (cur.has(v)) cur.delete(v);
    else cur.add(v);
    setFilters({ ...filters, [key]: [...cur] });
  };
  const visible = state.map.visible;

  return html`<section class="mapview" aria-labelledby="map-h">
    <header class="viewhead">
      <h1 id="map-h">Network of ${center ? center.name : id}</h1>
      <nav class="actions" aria-label="Map actions">
        <a href=${entityHref(id)}>Open entity</a>
        <a href=${href('/who-knows', { to: id })}>Who knows ${center ? center.name : 'them'}?</a>
      </nav>
    </header>
    <div class="maplayout">
      <form class="mapcontrols" onSubmit=${(e) => e.preventDefault()} aria-label="Map settings">
        <div class="field">
          <label for="map-depth">Depth</label>
          <select id="map-depth" value=${depth} onChange=${(e) => navigate(mapHref(id, { depth: e.currentTarget.value }), { replace: true })}>
            <option value="1">1 hop</option>
            <option value="2">2 hops</option>
            <option value="3">3 hops</option>
          </select>
        </div>
        <div class="field">
          <label for="map-size">Size by</label>
          <select id="map-size" value=${sizeBy} onChange=${(e) => setSizeBy(e.currentTarget.value)}>
            ${SIZE_OPTIONS.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
          </select>
          ${sizeNote ? html`<small class="hint" role="status">${sizeNote}</small>` : null}
        </div>
        <fieldset>
          <legend>Relationship types</legend>
          ${types.map(
            (t) => html`<label class="check"><input type="checkbox" name="type" value=${t} checked=${filters.types.includes(t)} onChange=${() => toggle('types', t)} /> ${t.toLowerCase().replace(/_/g, ' ')}</label>`,
          )}
          <small class="hint">None ticked shows all.</small>
        </fieldset>
        <fieldset>
          <legend>Kinds</legend>
          ${KINDS.map(
            (k) => html`<label class="check"><input type="checkbox" name="kind" value=${k} checked=${filters.kinds.includes(k)} onChange=${() => toggle('kinds', k)} /> ${k}</label>`,
          )}
        </fieldset>
        <div class="field">
          <label for="map-label">Label</label>
          <select id="map-label" value=${filters.label} onChange=${(e) => setFilters({ ...filters, label: e.currentTarget.value })}>
            <option value="">Any label</option>
            ${labels.map((l) => html`<option value=${l}>${l}</option>`)}
          </select>
        </div>
        <div class="buttons">
          <button type="button" disabled=${!net} onClick=${async () => download(await map.current.exportPNG(), `powermap-${id}.png`)}>Export PNG</button>
          <button type="button" disabled=${!net} onClick=${() => download(map.current.exportSVG(), `powermap-${id}.svg`, 'image/svg+xml')}>Export SVG</button>
        </div>
        <${Legend} map=${map} />
      </form>
      <div class="mapstage">
        ${loading ? html`<${Loading} what="Loading the network" />` : null}
        <${ErrorBox} error=${error || mapError} />
        ${net
          ? html`<p class="mapstatus" role="status">
              ${visible ? `${visible.nodes} of ${net.nodes.length} entities, ${visible.edges} of ${net.edges.length} ties shown` : ''}
              ${net.truncated ? html` · <strong>truncated</strong>: more lie within ${depth} hops than the cap allows` : null}
              ${state.map.layout === 'running' ? ' · arranging…' : ''}
            </p>`
          : null}
        <div class="sigma" ref=${container} role="img" aria-label=${`Network map of ${center ? center.name : id}; the same data is listed on the entity page`}></div>
        <${HoverCard} hover=${hover} />
      </div>
    </div>
  </section>`;
}
