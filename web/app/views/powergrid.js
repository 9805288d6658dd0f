// The campaign's power grid: influence on the targets (up) against stance
// on the issue (across), drawn as SVG. Regions follow the grid's own rules
// (outreach.QuadrantOf): opponents left, allies right, and those neutral or
// of unknown stance split at the median influence into decision-makers and
// the unorganized or persuadable; targets are decision-makers wherever they
// stand. Unknown stances sit in their own band at the left. Every point has
// a tooltip and opens its entity; an editor drags a point sideways, or
// focuses it and uses ← → and Enter, to record a stance.

import { html, useState, useEffect, useRef } from '../html.js';
import { get, put, enc } from '../api.js';
import { navigate, entityHref } from '../router.js';
import { canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, useAsync } from '../components.js';
import { download } from '../map/graphmap.js';

export const QUADRANTS = [
  ['decision_makers', 'Decision-makers'],
  ['allies', 'Allies'],
  ['opponents', 'Opponents'],
  ['unorganized', 'Unorganized or persuadable'],
];
const QUADRANT_TEXT = {
  decision_makers: 'the targets, and others with more influence than most whose stance is neutral or unknown',
  allies: 'support the issue (+1 or +2)',
  opponents: 'oppose the issue (−1 or −2)',
  unorganized: 'less influence than most, stance neutral or unknown: people to organize or persuade',
};
export const QUADRANT_COLORS = { decision_makers: '#1d4ed8', allies: '#166534', opponents: '#b91c1c', unorganized: '#4b5563' };
const ZONE_FILL = { decision_makers: '#e0e7ff', allies: '#dcfce7', opponents: '#fee2e2', unorganized: '#f3f4f6' };

// The stances in the order the grid shows them, left to right.
const STANCES = [null, -2, -1, 0, 1, 2];
const STANCE_WORDS = { '-2': 'strongly opposes', '-1': 'opposes', 0: 'neutral', 1: 'supports', 2: 'strongly supports' };
export const stanceText = (a) => (a === null || a === undefined ? 'stance unknown' : `${STANCE_WORDS[a]} (${a > 0 ? '+' : ''}${a})`);
const LABELLED = 5; // the top this many by influence are always named on the plot, and the targets
const LABELLED_OTHERS = 5; // and the top this many who are not targets, where there is room

/** percentileText says an influence percentile in words. */
export function percentileText(p) {
  const n = Math.round(p);
  if (n >= 100) return 'the most influence on the grid';
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th';
  return `more influence than ${n}% of the grid (${n}${s} percentile)`;
}

/** hash spreads points of equal stance sideways, the same way every time. */
function hash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/** layout computes the plot's geometry for a width in pixels. */
function layout(width, unknownShare = 0.3) {
  const W = Math.max(340, Math.min(980, Math.round(width)));
  const narrow = W < 560;
  const H = narrow ? 440 : 500;
  const m = { l: narrow ? 30 : 46, r: 10, t: 26, b: narrow ? 58 : 52 };
  const plotW = W - m.l - m.r;
  // The unknown band widens with the share of unknown stances.
  const unknownW = Math.max(48, Math.round(plotW * Math.max(0.16, Math.min(0.42, 0.1 + 0.4 * unknownShare))));
  const gap = 8;
  const x0 = m.l + unknownW + gap;
  const x1 = W - m.r;
  const cw = (x1 - x0) / 5;
  const bottom = H - m.b;
  const col = (a) => (a === null || a === undefined ? m.l + unknownW / 2 : x0 + (a + 2.5) * cw);
  const half = (a) => (a === null || a === undefined ? unknownW / 2 : cw / 2);
  const y = (inf) => m.t + 7 + ((100 - inf) / 100) * (bottom - m.t - 14);
  // stanceAt maps an x back to the nearest stance.
  const stanceAt = (x) => {
    if (x < m.l + unknownW + gap / 2) return null;
    return Math.max(-2, Math.min(2, Math.floor((x - x0) / cw) - 2));
  };
  return { W, H, m, narrow, unknownW, gap, x0, x1, cw, bottom, col, half, y, stanceAt };
}

/** pointX places a point inside its stance's column, spread by its id. */
function pointX(L, p, alignment) {
  const spread = L.half(alignment) * 0.7;
  return L.col(alignment) + (((hash(p.entity.id) % 1000) / 1000) * 2 - 1) * spread;
}

/** placeLabels names the chosen points beside them without overlaps, greedily. */
function placeLabels(L, items, taken = []) {
  const boxes = [...taken];
  const fs = L.narrow ? 10.5 : 12;
  const overlaps = (b) => boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
  const out = [];
  for (const it of items) {
    const w = it.text.length * fs * 0.62 + 4;
    const h = fs + 3;
    let placed = null;
    for (let k = 0; k < 24 && !placed; k++) {
      const dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * (h - 1);
      for (const side of [1, -1]) {
        const x = side > 0 ? it.x + it.r + 4 : it.x - it.r - 4 - w;
        const b = { x, y: it.y - h / 2 + dy, w, h };
        if (b.y < 1 || b.y + b.h > L.bottom + 2 || b.x < L.m.l || b.x + b.w > L.W - 2) continue;
        if (!overlaps(b)) {
          placed = b;
          break;
        }
      }
    }
    if (!placed) continue;
    boxes.push(placed);
    out.push({ ...it, box: placed, fs });
  }
  return out;
}

/** svgDocument turns the plot on the page into a standalone SVG file. */
function svgDocument(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('class');
  copy.querySelectorAll('[tabindex]').forEach((n) => n.removeAttribute('tabindex'));
  return new XMLSerializer().serializeToString(copy);
}

/** pngOf draws an SVG document on a canvas and resolves to a PNG Blob. */
function pngOf(svgText, width, height, scale = 2) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = width * scale;
      canvas.height = height * scale;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png');
    };
    img.onerror = () => reject(new Error('PNG export failed'));
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText);
  });
}

/** PowerGrid is the campaign view's grid tab. */
export function PowerGrid({ campaign, onData }) {
  const res = useAsync((signal) => get(`/campaigns/${enc(campaign.id)}/grid`, null, { signal }), [campaign.id]);
  const wrap = useRef(null);
  const svg = useRef(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState(null); // the id of the point whose tooltip shows
  const [pending, setPending] = useState(null); // {id, alignment}: a stance being moved
  const [status, setStatus] = useState('');
  const [current, setCurrent] = useState(null); // the one point in the tab order (roving tabindex)
  const [saveErr, setSaveErr] = useState(null);
  const drag = useRef(null);
  const editor = canEdit();

  useEffect(() => {
    if (res.data && onData) onData(res.data);
  }, [res.data]);
  useEffect(() => {
    const measure = () => wrap.current && setWidth(wrap.current.clientWidth);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [res.data ? 1 : 0]);

  if (res.loading && !res.data) return html`<${Loading} what="Placing everyone on the grid" />`;
  if (res.error && !res.data) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const g = res.data;
  const L = layout(width || 720, g.points.length ? g.points.filter((p) => p.alignment === null).length / g.points.length : 0.3);
  const points = g.points;
  const byId = Object.fromEntries(points.map((p) => [p.entity.id, p]));
  const alignmentOf = (p) => (pending && pending.id === p.entity.id ? pending.alignment : p.alignment);
  const xOf = (p) => (pending && pending.id === p.entity.id ? (pending.x !== undefined ? pending.x : L.col(pending.alignment)) : pointX(L, p, p.alignment));
  const rOf = (p) => (p.target ? 7.5 : 5);
  // Those who must be named come first, so that they find room.
  const labelled = new Set(points.slice(0, LABELLED).map((p) => p.entity.id));
  for (const p of points) if (p.target) labelled.add(p.entity.id);
  if (pending) labelled.add(pending.id);
  const must = new Set(labelled);
  for (const p of points.filter((x) => !x.target).slice(0, LABELLED_OTHERS)) labelled.add(p.entity.id);
  const fsq = L.narrow ? 10.5 : 12;
  const zoneLabels = [
    { q: 'opponents', text: 'Opponents', x: L.x0 + 6, y: L.m.t - 8, anchor: 'start' },
    { q: 'allies', text: 'Allies', x: L.x1 - 2, y: L.m.t - 8, anchor: 'end' },
    { q: 'decision_makers', text: 'Decision-makers', x: L.m.l + 4, y: L.m.t - 8, anchor: 'start' },
    { q: 'unorganized', text: L.narrow ? 'Unorganized' : 'Unorganized or persuadable', x: L.m.l + 4, y: L.bottom - 6, anchor: 'start' },
  ];
  const zoneBoxes = zoneLabels.map((z) => {
    const w = z.text.length * fsq * 0.64;
    return { x: z.anchor === 'end' ? z.x - w : z.x, y: z.y - fsq, w, h: fsq + 4 };
  });
  const labels = placeLabels(
    L,
    points
      .filter((p) => labelled.has(p.entity.id))
      .sort((p, q) => must.has(q.entity.id) - must.has(p.entity.id))
      .map((p) => ({ id: p.entity.id, text: p.entity.name, x: xOf(p), y: L.y(p.influence), r: rOf(p) })),
    zoneBoxes,
  );

  const record = async (p, alignment) => {
    setPending(null);
    if (alignment === p.alignment) return;
    setSaveErr(null);
    setStatus(`Recording that ${p.entity.name} ${stanceText(alignment)}…`);
    try {
      await put(`/issues/${enc(g.issue.id)}/stances/${enc(p.entity.id)}`, { alignment });
      setStatus(`Recorded: ${p.entity.name} ${stanceText(alignment)}.`);
      res.reload();
    } catch (err) {
      setStatus('');
      setSaveErr(err);
    }
  };
  const open = (p) => navigate(entityHref(p.entity.id));
  const toSvgX = (clientX) => {
    const r = svg.current.getBoundingClientRect();
    return ((clientX - r.left) / r.width) * L.W;
  };

  const onPointerDown = (p) => (e) => {
    if (e.button !== 0) return;
    drag.current = { id: p.entity.id, startX: e.clientX, moved: false };
    if (editor) e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (p) => (e) => {
    const d = drag.current;
    if (!d || d.id !== p.entity.id || !editor) return;
    if (!d.moved && Math.abs(e.clientX - d.startX) < 4) return;
    d.moved = true;
    const x = Math.max(L.m.l, Math.min(L.x1, toSvgX(e.clientX)));
    setPending({ id: p.entity.id, alignment: L.stanceAt(x), x });
  };
  const onPointerUp = (p) => (e) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.id !== p.entity.id) return;
    if (!d.moved) return open(p);
    const x = Math.max(L.m.l, Math.min(L.x1, toSvgX(e.clientX)));
    record(p, L.stanceAt(x));
  };
  const focusPoint = (id) => {
    setCurrent(id);
    const el = svg.current && svg.current.querySelector(`.pt[data-id="${CSS.escape(id)}"]`);
    if (el) el.focus();
  };
  const onKeyDown = (p) => (e) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'Home' || e.key === 'End') {
      // Move between people, most influential first.
      e.preventDefault();
      if (pending) setPending(null);
      const k = points.findIndex((x) => x.entity.id === p.entity.id);
      const to = { ArrowUp: k - 1, ArrowDown: k + 1, Home: 0, End: points.length - 1 }[e.key];
      if (to >= 0 && to < points.length) focusPoint(points[to].entity.id);
      return;
    }
    const cur = alignmentOf(p);
    const i = STANCES.indexOf(cur === undefined ? null : cur);
    if (editor && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      const next = STANCES[Math.max(0, Math.min(STANCES.length - 1, i + (e.key === 'ArrowRight' ? 1 : -1)))];
      setPending({ id: p.entity.id, alignment: next });
      setStatus(`${p.entity.name}: ${stanceText(next)}. Press Enter to record it, Escape to cancel.`);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (pending && pending.id === p.entity.id) record(p, pending.alignment);
      else open(p);
    } else if (e.key === 'Escape' && pending) {
      setPending(null);
      setStatus('Cancelled.');
    }
  };

  const exportSVG = () => svgDocument(svg.current);
  const exportPNG = () => pngOf(exportSVG(), L.W, L.H);
  window.__powermap.powergrid = {
    exportSVG,
    exportPNG,
    // clientXOf is where a stance's column is on screen, for tests.
    clientXOf: (alignment) => {
      const r = svg.current.getBoundingClientRect();
      return r.left + (L.col(alignment) / L.W) * r.width;
    },
  };
  const fname = `power-grid-${campaign.id}`;
  const tip = hover && byId[hover];
  const mid = L.y(50);
  const colL = (a) => L.x0 + (a + 2) * L.cw;

  return html`<section aria-labelledby="grid-h" class="powergrid">
    <h2 id="grid-h">Power grid on ${g.issue.name}</h2>
    <p class="lede">
      Who can move the targets, and where they stand: <strong>higher</strong> means more influence on the targets, <strong>further right</strong> more support for ${g.issue.name}.
      ${editor ? ' Drag a person sideways (or focus them, use ← → and Enter) to record their stance.' : ''} On the grid, ↑ ↓ move from person to person.
    </p>
    <div class="grid-stage" ref=${wrap}>
      <svg
        ref=${svg}
        class="grid-plot"
        width=${L.W}
        height=${L.H}
        viewBox=${`0 0 ${L.W} ${L.H}`}
        role="group"
        aria-labelledby="grid-title"
        aria-describedby="grid-desc"
        font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
        font-size=${L.narrow ? 10.5 : 12}
      >
        <title id="grid-title">Power grid on ${g.issue.name}: influence against stance</title>
        <desc id="grid-desc">${QUADRANTS.map(([q, label]) => `${label}: ${g.counts[q] || 0}`).join('; ')}. Everyone is listed below the grid.</desc>
        <rect x="0" y="0" width=${L.W} height=${L.H} fill="#ffffff" />
        <g class="zones" aria-hidden="true">
          <rect x=${L.x0} y=${L.m.t} width=${2 * L.cw} height=${L.bottom - L.m.t} fill=${ZONE_FILL.opponents} />
          <rect x=${colL(1)} y=${L.m.t} width=${2 * L.cw} height=${L.bottom - L.m.t} fill=${ZONE_FILL.allies} />
          <rect x=${colL(0)} y=${L.m.t} width=${L.cw} height=${mid - L.m.t} fill=${ZONE_FILL.decision_makers} />
          <rect x=${colL(0)} y=${mid} width=${L.cw} height=${L.bottom - mid} fill=${ZONE_FILL.unorganized} />
          <rect x=${L.m.l} y=${L.m.t} width=${L.unknownW} height=${mid - L.m.t} fill=${ZONE_FILL.decision_makers} />
          <rect x=${L.m.l} y=${mid} width=${L.unknownW} height=${L.bottom - mid} fill=${ZONE_FILL.unorganized} />
          <rect x=${L.m.l + 0.5} y=${L.m.t + 0.5} width=${L.unknownW - 1} height=${L.bottom - L.m.t - 1} fill="none" stroke="#6b7280" stroke-dasharray="4 3" />
          <line x1=${L.m.l} x2=${L.x1} y1=${mid} y2=${mid} stroke="#9ca3af" stroke-dasharray="4 4" />
          ${[-1, 0, 1, 2].map((a) => html`<line x1=${colL(a)} x2=${colL(a)} y1=${L.m.t} y2=${L.bottom} stroke="#ffffff" stroke-width="2" />`)}
        </g>
        <g class="quadrant-labels" pointer-events="none" font-weight="700" paint-order="stroke" stroke="#ffffff" stroke-width="3" aria-hidden="true">
          ${zoneLabels.map((z) => html`<text x=${z.x} y=${z.y} fill=${QUADRANT_COLORS[z.q]} text-anchor=${z.anchor}>${z.text}</text>`)}
        </g>
        <g class="axes" fill="#374151" aria-hidden="true">
          <line x1=${L.m.l} x2=${L.x1} y1=${L.bottom} y2=${L.bottom} stroke="#374151" />
          <line x1=${L.m.l} x2=${L.m.l} y1=${L.m.t} y2=${L.bottom} stroke="#374151" />
          ${[0, 50, 100].map((v) => html`<text x=${L.m.l - 4} y=${L.y(v) + 4} text-anchor="end">${v}</text>`)}
          <text transform=${`translate(${L.narrow ? 9 : 14} ${(L.m.t + L.bottom) / 2}) rotate(-90)`} text-anchor="middle" font-weight="600">Influence on the targets ↑</text>
          <text x=${L.col(null)} y=${L.bottom + 15} text-anchor="middle" font-weight="600">unknown</text>
          ${[-2, -1, 0, 1, 2].map((a) => html`<text x=${L.col(a)} y=${L.bottom + 15} text-anchor="middle">${a > 0 ? '+' + a : a === 0 ? '0' : '−' + -a}</text>`)}
          <text x=${L.x0} y=${L.bottom + 33} font-weight="600">← opposes</text>
          <text x=${(L.x0 + L.x1) / 2} y=${L.bottom + 33} text-anchor="middle">${L.narrow ? 'stance' : `stance on ${g.issue.name}`}</text>
          <text x=${L.x1} y=${L.bottom + 33} text-anchor="end" font-weight="600">supports →</text>
        </g>
        <g class="points">
          ${points
            .slice()
            .reverse()
            .map((p) => {
              const a = alignmentOf(p);
              const moving = pending && pending.id === p.entity.id;
              return html`<g
                key=${p.entity.id}
                class=${'pt q-' + p.quadrant + (moving ? ' moving' : '')}
                data-id=${p.entity.id}
                tabindex=${p.entity.id === (current && byId[current] ? current : points[0].entity.id) ? 0 : -1}
                role="button"
                aria-label=${`${p.entity.name}${p.entity.title ? ', ' + p.entity.title : ''}: ${percentileText(p.influence)}; ${stanceText(a)}${p.target ? '; a target' : ''}.${editor ? ' Left and right arrows change the stance, Enter records it; up and down move between people.' : ' Enter opens their page; up and down move between people.'}`}
                onPointerDown=${onPointerDown(p)}
                onPointerMove=${onPointerMove(p)}
                onPointerUp=${onPointerUp(p)}
                onPointerEnter=${() => setHover(p.entity.id)}
                onPointerLeave=${() => setHover((h) => (h === p.entity.id ? null : h))}
                onFocus=${() => {
                  setHover(p.entity.id);
                  setCurrent(p.entity.id);
                }}
                onBlur=${() => {
                  setHover((h) => (h === p.entity.id ? null : h));
                  if (moving && !drag.current) setPending(null);
                }}
                onKeyDown=${onKeyDown(p)}
              >
                <circle
                  cx=${xOf(p)}
                  cy=${L.y(p.influence)}
                  r=${rOf(p)}
                  fill=${QUADRANT_COLORS[p.quadrant]}
                  fill-opacity=${p.target ? 1 : 0.8}
                  stroke=${p.ours ? '#111827' : '#ffffff'}
                  stroke-width=${p.ours ? 2.5 : 1}
                ><title>${p.entity.name}${p.entity.title ? ', ' + p.entity.title : ''}: ${stanceText(a)}</title></circle>
              </g>`;
            })}
        </g>
        <g class="labels" pointer-events="none" fill="#111827" paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" aria-hidden="true">
          ${labels.map((l) => {
            const p = byId[l.id];
            const ty = l.box.y + l.box.h - 3.5;
            const far = Math.abs(l.box.y + l.box.h / 2 - l.y) > l.r + 2;
            return html`<g data-label=${l.id}>
              ${far ? html`<line x1=${l.x} y1=${l.y} x2=${l.box.x + (l.box.x > l.x ? 0 : l.box.w)} y2=${l.box.y + l.box.h / 2} stroke="#6b7280" stroke-width="1" />` : null}
              <text x=${l.box.x + 2} y=${ty} font-size=${l.fs} font-weight=${p && p.target ? 700 : 400}>${l.text}</text>
            </g>`;
          })}
        </g>
      </svg>
      ${tip
        ? html`<div
            class="grid-tip"
            role="tooltip"
            style=${{
              left: `${Math.min(Math.max(4, xOf(tip) - 110), L.W - 230)}px`,
              top: `${L.y(tip.influence) + 12}px`,
            }}
          >
            <strong>${tip.entity.name}</strong>${tip.entity.title ? html`<br /><span>${tip.entity.title}</span>` : null}
            <br />${percentileText(tip.influence)}
            <br />${stanceText(alignmentOf(tip))}${tip.target ? ' · a target' : ''}${tip.ours ? ' · one of ours' : ''}
            <br /><small>${editor ? 'Click to open · drag sideways to record a stance' : 'Click to open their page'}</small>
          </div>`
        : null}
    </div>
    <p class="status" role="status" aria-live="polite">${status}</p>
    <ul class="grid-legend" aria-label="Legend">
      ${QUADRANTS.map(([q, label]) => html`<li><span class="swatch" style=${{ background: QUADRANT_COLORS[q] }} aria-hidden="true"></span><strong>${label}</strong> (${g.counts[q] || 0}): ${QUADRANT_TEXT[q]}</li>`)}
      <li><span class="swatch target" aria-hidden="true"></span>Large dots are the campaign's targets; a black ring marks one of ours.</li>
      <li><span class="swatch unknown" aria-hidden="true"></span><strong>Stance unknown</strong>: nobody has recorded where they stand. They are not neutral; find out.</li>
    </ul>
    <${ErrorBox} error=${saveErr} />
    <p class="exports">
      Export:
      <button type="button" onClick=${async () => download(await exportPNG(), fname + '.png')}>PNG</button>
      <button type="button" onClick=${() => download(exportSVG(), fname + '.svg', 'image/svg+xml')}>SVG</button>
      <a href=${`/api/v1/campaigns/${enc(campaign.id)}/grid?format=csv`} download>CSV</a>
    </p>
    <p class="grid-everyone"><strong>Everyone on the grid (${points.length})</strong>, by quadrant, most influential first:</p>
    <div class="quadrants">
      ${QUADRANTS.map(([q, label]) => {
        const ps = points.filter((p) => p.quadrant === q);
        return html`<section class="quadrant" data-quadrant=${q} aria-labelledby=${'q-' + q}>
          <h3 id=${'q-' + q}><span class="swatch" style=${{ background: QUADRANT_COLORS[q] }} aria-hidden="true"></span>${label} (${g.counts[q] || 0})</h3>
          <p class="hint">${QUADRANT_TEXT[q]}</p>
          ${ps.length
            ? html`<ol class="grid-people">
                ${ps.map(
                  (p) => html`<li data-id=${p.entity.id}>
                    <${EntityLink} id=${p.entity.id} name=${p.entity.name} />${p.target ? html` <span class="badge target">target</span>` : null}${p.ours
                      ? html` <span class="ours" title="One of ours">ours</span>`
                      : null}
                    <span class="muted">${p.entity.title ? `${p.entity.title} · ` : ''}influence ${Math.round(p.influence)} · ${stanceText(p.alignment)}</span>
                  </li>`,
                )}
              </ol>`
            : html`<p class="muted">Nobody yet.</p>`}
        </section>`;
      })}
    </div>
  </section>`;
}
