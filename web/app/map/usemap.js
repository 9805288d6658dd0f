// usemap.js binds a GraphMap to a Preact component and publishes it on
// window.__powermap for tests.

import { html, useEffect, useRef, useState } from '../html.js';
import { GraphMap, webglAvailable, KIND_COLORS, kindColor } from './graphmap.js';
import { exposed, update, mark } from '../state.js';

/**
 * useGraphMap creates a GraphMap in the element ref points to, once, and
 * kills it on unmount. It returns [mapRef, hover, error].
 */
export function useGraphMap(opts) {
  const container = useRef(null);
  const map = useRef(null);
  const [hover, setHover] = useState(null);
  const [error, setError] = useState(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  useEffect(() => {
    const noWebGL = new Error('This browser cannot draw the map: WebGL is unavailable.');
    if (!webglAvailable()) {
      setError(noWebGL);
      return undefined;
    }
    try {
      map.current = new GraphMap(container.current, {
        onClick: (id) => optsRef.current.onClick && optsRef.current.onClick(id),
        onHover: setHover,
        onLayout: (s) => update({ map: { layout: s } }),
        onChange: (m) => {
          update({ map: { visible: m.visibleCounts(), filters: m.filters } });
          if (optsRef.current.onChange) optsRef.current.onChange(m);
        },
      });
    } catch (err) {
      setError(/webgl/i.test(String(err && err.message)) ? noWebGL : err);
      return undefined;
    }
    exposed.graph = map.current.graph;
    exposed.renderer = map.current.renderer;
    exposed.map = map.current;
    return () => {
      if (exposed.map === map.current) {
        exposed.graph = null;
        exposed.renderer = null;
        exposed.map = null;
      }
      map.current.destroy();
      map.current = null;
    };
  }, []);
  return { container, map, hover, error };
}

/** markInteractive records the first frame after a network was drawn. */
export function markInteractive(name = 'mapInteractive') {
  requestAnimationFrame(() => requestAnimationFrame(() => mark(name)));
}

/**
 * Legend explains the colours of every kind on the map (all kinds before a
 * map is drawn), and the ring when one of ours is shown.
 */
export function Legend({ map }) {
  const m = map && map.current;
  const kinds = new Set();
  let ours = !m || !m.graph.order;
  if (m) {
    m.graph.forEachNode((n, a) => {
      if (m.hiddenNodes.has(n)) return;
      kinds.add(a.kind);
      if (a.ours) ours = true;
    });
  }
  const shown = kinds.size ? [...kinds].sort() : Object.keys(KIND_COLORS);
  return html`<ul class="legend" aria-label="Legend">
    ${shown.map(
      (k) => html`<li data-kind=${k}><span class="dot" style=${{ background: kindColor(k) }} aria-hidden="true"></span>${k}</li>`,
    )}
    ${ours ? html`<li data-kind="ours"><span class="dot ring" aria-hidden="true"></span>ours (ringed)</li>` : null}
  </ul>`;
}

export function HoverCard({ hover }) {
  return html`<div class="hovercard" aria-live="polite">
    ${hover
      ? html`<strong>${hover.name}</strong> <span class="muted">${hover.kind}${hover.ours ? ' · ours' : ''}</span>
          ${hover.title ? html`<div>${hover.title}${hover.party ? ` (${hover.party})` : ''}</div>` : null}
          ${hover.labels && hover.labels.length ? html`<div class="muted">${hover.labels.join(', ')}</div>` : null}
          <div class="muted">${hover.ties} ties in view · click to open</div>`
      : html`<span class="muted">Hover a node for details; click it to open.</span>`}
  </div>`;
}
