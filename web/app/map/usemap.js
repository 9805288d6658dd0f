// usemap.js binds a GraphMap to a Preact component and publishes it on
// window.__powermap for tests.

import { html, useEffect, useRef, useState } from '../html.js';
import { GraphMap, webglAvailable, KIND_COLORS } from './graphmap.js';
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
    if (!webglAvailable()) {
      setError(new Error('This browser cannot draw the map: WebGL is unavailable.'));
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
      setError(err);
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

export function Legend() {
  return html`<ul class="legend" aria-label="Legend">
    ${Object.entries(KIND_COLORS).map(
      ([k, c]) => html`<li><span class="dot" style=${{ background: c }} aria-hidden="true"></span>${k}</li>`,
    )}
    <li><span class="dot ring" aria-hidden="true"></span>ours (ringed)</li>
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
