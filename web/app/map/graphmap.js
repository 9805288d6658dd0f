// graphmap.js draws a network with sigma.js (WebGL) over a graphology graph.
// Filters and path highlights are node and edge reducers: the graph itself is
// never changed by them. ForceAtlas2 runs in a web worker for large graphs.

/* global graphology, graphologyLibrary, Sigma */

/** Colours by kind; each passes 3:1 against white as a graphical object. */
export const KIND_COLORS = {
  person: '#2563eb',
  official: '#dc2626',
  donor: '#b45309',
  organization: '#15803d',
  issue: '#7c3aed',
};
export const DIM = '#d4d4d8';
const EDGE = '#a1a1aa';
const EDGE_CHOSEN = '#111827';
const RING = [17, 24, 39]; // the ring that marks `ours`

export function kindColor(kind) {
  return KIND_COLORS[kind] || '#6b7280';
}

// Above this many nodes the layout runs in a worker; below, synchronously,
// from the rings of placeOnRings, for syncIterations rounds of ForceAtlas2:
// 150 for a small map, fewer as it grows, so that a map of 300 nodes is
// laid out in about 60 ms rather than 150 (it blocks the page meanwhile).
const WORKER_THRESHOLD = 400;
const syncIterations = (order) => Math.max(60, Math.min(150, Math.round(18000 / order)));
// Above this many ties, edges are hidden while the map pans or zooms, so
// that moving stays smooth.
export const HIDE_EDGES_ON_MOVE = 500;
// Labels: sigma's grid keeps at most one candidate label per cell (the
// density limit); placeLabels then drops any that would overlap another or
// leave the canvas.
const LABEL_CELL = 90;
const LABEL_SIZE = 12;
const LABEL_PAD = 2;

/**
 * oursProgram draws a node as a disc with a dark ring: the mark of our own
 * coalition. It reuses sigma's circle program and replaces its fragment
 * shader.
 */
function oursProgram() {
  const Base = Sigma.rendering.NodeCircleProgram;
  const [r, g, b] = RING.map((c) => (c / 255).toFixed(3));
  const fragment = `
precision highp float;
varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;
uniform float u_correctionRatio;
const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
const vec4 ring = vec4(${r}, ${g}, ${b}, 1.0);
void main(void) {
  float aa = u_correctionRatio * 2.0;
  float d = length(v_diffVector);
  #ifdef PICKING_MODE
  gl_FragColor = d > v_radius ? transparent : v_color;
  #else
  float inner = v_radius * 0.62;
  vec4 c = d < inner - aa ? v_color : (d < inner ? mix(v_color, ring, (d - inner + aa) / aa) : ring);
  float t = clamp((d - v_radius + aa) / aa, 0.0, 1.0);
  gl_FragColor = mix(c, transparent, t);
  #endif
}`;
  return class OursProgram extends Base {
    getDefinition() {
      return { ...super.getDefinition(), FRAGMENT_SHADER_SOURCE: fragment };
    }
  };
}

/**
 * webglAvailable reports whether the browser offers WebGL at all. It makes
 * no context (a throwaway one costs tens of milliseconds in a software
 * renderer): a browser that offers WebGL but cannot make a context makes
 * the GraphMap constructor throw, which useGraphMap reports the same way.
 */
export function webglAvailable() {
  return typeof WebGLRenderingContext !== 'undefined';
}

/**
 * GraphMap owns one graphology graph and its sigma renderer inside container.
 * opts: onClick(id), onHover(attrs|null), onChange() after filters, sizes or
 * highlights change.
 */
export class GraphMap {
  constructor(container, opts = {}) {
    this.opts = opts;
    this.graph = new graphology.MultiGraph({ allowSelfLoops: false });
    this.center = null;
    this.filters = { types: [], kinds: [], label: '' };
    this.hiddenNodes = new Set();
    this.hiddenEdges = new Set();
    this.highlight = null; // {all: Set, chosenNodes: Set, chosenEdges: Set, allEdges: Set}
    this.hovered = null;
    this.layout = null;
    this.layoutTimer = null;
    this.pendingLabels = [];
    /** labelBoxes are the labels drawn in the last frame, in viewport pixels. */
    this.labelBoxes = [];
    this.renderer = new Sigma(this.graph, container, {
      nodeProgramClasses: { ours: oursProgram() },
      defaultEdgeType: 'line',
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 0,
      labelDensity: 1,
      labelGridCellSize: LABEL_CELL,
      labelFont: 'system-ui, sans-serif',
      labelSize: LABEL_SIZE,
      stagePadding: 40,
      // Sigma offers each label it would draw; placeLabels draws them once
      // the frame is complete, most important first, without overlaps.
      defaultDrawNodeLabel: (ctx, data) => this.pendingLabels.push(data),
      zIndex: true,
      allowInvalidContainer: true,
      nodeReducer: (n, d) => this.reduceNode(n, d),
      edgeReducer: (e, d) => this.reduceEdge(e, d),
    });
    this.renderer.on('enterNode', ({ node }) => {
      this.hovered = node;
      container.style.cursor = 'pointer';
      if (this.opts.onHover) this.opts.onHover(this.nodeDetails(node));
      this.renderer.refresh({ skipIndexation: true });
    });
    this.renderer.on('leaveNode', () => {
      this.hovered = null;
      container.style.cursor = '';
      if (this.opts.onHover) this.opts.onHover(null);
      this.renderer.refresh({ skipIndexation: true });
    });
    this.renderer.on('clickNode', ({ node }) => {
      if (this.opts.onClick) this.opts.onClick(node);
    });
    this.renderer.on('beforeRender', () => {
      this.pendingLabels = [];
    });
    this.renderer.on('afterRender', () => this.placeLabels());
  }

  /**
   * placeLabels draws the labels sigma offered this frame. The centre and
   * highlighted path come first, then larger nodes. Each label goes right of
   * its node, or else left, above or below, whichever first fits inside the
   * canvas without touching a label already placed; a label that fits
   * nowhere is left out, unless it is forced (the centre, a path), which is
   * then kept inside the canvas even if it overlaps.
   */
  placeLabels() {
    const r = this.renderer;
    const canvas = r.getCanvases().labels;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    const { width, height } = r.getDimensions();
    const rank = (d) => (d.key === this.center ? 0 : d.forceLabel ? 1 + (3 - (d.zIndex || 0)) / 10 : 2);
    const items = this.pendingLabels.filter((d) => d.label);
    items.sort((a, b) => rank(a) - rank(b) || b.size - a.size || (a.key < b.key ? -1 : 1));
    ctx.font = `${LABEL_SIZE}px system-ui, sans-serif`;
    const boxes = [];
    const overlaps = (b) =>
      boxes.some((o) => b.x < o.x + o.w + LABEL_PAD && o.x < b.x + b.w + LABEL_PAD && b.y < o.y + o.h + LABEL_PAD && o.y < b.y + b.h + LABEL_PAD);
    const inside = (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height;
    for (const d of items) {
      const w = Math.ceil(ctx.measureText(d.label).width);
      const h = LABEL_SIZE + 2;
      const gap = d.size + 3;
      const spots = [
        { x: d.x + gap, y: d.y - h / 2 },
        { x: d.x - gap - w, y: d.y - h / 2 },
        { x: d.x - w / 2, y: d.y - gap - h },
        { x: d.x - w / 2, y: d.y + gap },
      ].map((p) => ({ key: d.key, label: d.label, x: p.x, y: p.y, w, h }));
      let box = spots.find((b) => inside(b) && !overlaps(b));
      if (!box && d.forceLabel) {
        const b = spots[0];
        box = { ...b, x: Math.min(Math.max(0, b.x), width - w), y: Math.min(Math.max(0, b.y), height - h) };
      }
      if (!box) continue;
      boxes.push(box);
    }
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.fillStyle = '#111827';
    for (const b of boxes) {
      ctx.strokeText(b.label, b.x, b.y + b.h / 2);
      ctx.fillText(b.label, b.x, b.y + b.h / 2);
    }
    this.labelBoxes = boxes;
  }

  /**
   * setNetwork replaces the graph. net: {center, nodes: [entity + optional
   * depth], edges: [relationship]}. Nodes start on rings by distance from
   * the centre, then ForceAtlas2 refines the layout.
   */
  setNetwork(net) {
    this.stopLayout();
    const g = this.graph;
    g.clear();
    this.center = net.center || null;
    for (const n of net.nodes) {
      if (!n || !n.id || g.hasNode(n.id)) continue;
      g.addNode(n.id, {
        label: n.name || n.id,
        name: n.name || n.id,
        kind: n.kind,
        ours: !!n.ours,
        labels: n.labels || [],
        title: n.title || '',
        party: n.party || '',
        depth: typeof n.depth === 'number' ? n.depth : undefined,
        color: kindColor(n.kind),
        type: n.ours ? 'ours' : 'circle',
        x: 0,
        y: 0,
        size: 5,
      });
    }
    for (const e of net.edges) {
      if (!e || !g.hasNode(e.source) || !g.hasNode(e.target) || e.source === e.target) continue;
      const key = e.id || `${e.type}:${e.source}>${e.target}`;
      if (g.hasEdge(key)) continue;
      g.addDirectedEdgeWithKey(key, e.source, e.target, {
        relType: e.type,
        strength: e.strength || 0.5,
        size: 0.5 + 2 * (e.strength || 0.5),
        color: EDGE,
      });
    }
    this.renderer.setSetting('hideEdgesOnMove', g.size > HIDE_EDGES_ON_MOVE);
    // A small map has room for a label on nearly every node.
    this.renderer.setSetting('labelGridCellSize', g.order <= 60 ? LABEL_CELL / 2 : LABEL_CELL);
    this.placeOnRings();
    this.setSizes(null);
    this.applyFilters(this.filters, { silent: true });
    // A small map is laid out before its first render, so that it is drawn
    // once; a large one shows its rings while the worker lays it out.
    this.startLayout();
    this.renderer.refresh();
    this.changed();
  }

  /** placeOnRings puts the centre at the origin and each hop on a ring. */
  placeOnRings() {
    const g = this.graph;
    const depth = new Map();
    if (this.center && g.hasNode(this.center)) {
      depth.set(this.center, 0);
      const queue = [this.center];
      while (queue.length) {
        const n = queue.shift();
        g.forEachNeighbor(n, (m) => {
          if (!depth.has(m)) {
            depth.set(m, depth.get(n) + 1);
            queue.push(m);
          }
        });
      }
    }
    const rings = new Map();
    g.forEachNode((n, a) => {
      const d = depth.has(n) ? depth.get(n) : a.depth !== undefined ? a.depth : 1;
      if (!rings.has(d)) rings.set(d, []);
      rings.get(d).push(n);
    });
    for (const [d, nodes] of rings) {
      nodes.sort();
      const radius = d === 0 ? 0 : 10 * d * Math.max(1, Math.sqrt(nodes.length) / 3);
      nodes.forEach((n, i) => {
        const angle = (2 * Math.PI * i) / nodes.length + d * 0.7;
        g.mergeNodeAttributes(n, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
      });
    }
  }

  /** startLayout runs ForceAtlas2: synchronously when small, in a worker otherwise. */
  startLayout() {
    const g = this.graph;
    if (g.order < 2) {
      this.setLayoutState('done');
      return;
    }
    const fa2 = graphologyLibrary.layoutForceAtlas2;
    const settings = { ...fa2.inferSettings(g), edgeWeightInfluence: 1 };
    if (g.order <= WORKER_THRESHOLD) {
      fa2.assign(g, { iterations: syncIterations(g.order), settings, getEdgeWeight: 'strength' });
      this.setLayoutState('done');
      return;
    }
    this.layout = new graphologyLibrary.FA2Layout(g, { settings, getEdgeWeight: 'strength' });
    this.layout.start();
    this.setLayoutState('running');
    const budget = Math.min(8000, 1500 + g.order * 1.5);
    this.layoutTimer = setTimeout(() => this.stopLayout(), budget);
  }

  stopLayout() {
    clearTimeout(this.layoutTimer);
    this.layoutTimer = null;
    if (this.layout) {
      this.layout.kill();
      this.layout = null;
      this.setLayoutState('done');
    }
  }

  setLayoutState(s) {
    this.layoutState = s;
    if (this.opts.onLayout) this.opts.onLayout(s);
  }

  /**
   * setSizes sizes nodes by score (a Map id → number). Without scores, nodes
   * are sized by their number of ties in view.
   */
  setSizes(scores) {
    const g = this.graph;
    const val = (n) => (scores ? scores.get(n) || 0 : g.degree(n));
    let max = 0;
    g.forEachNode((n) => {
      max = Math.max(max, val(n));
    });
    g.forEachNode((n) => {
      const s = max > 0 ? Math.sqrt(val(n) / max) : 0;
      g.setNodeAttribute(n, 'size', 4 + 14 * s);
      g.setNodeAttribute(n, 'score', scores ? scores.get(n) || 0 : g.degree(n));
    });
    this.changed();
  }

  /** applyFilters hides what does not pass {types, kinds, label}. */
  applyFilters(filters, { silent = false } = {}) {
    this.filters = {
      types: [...(filters.types || [])],
      kinds: [...(filters.kinds || [])],
      label: filters.label || '',
    };
    const g = this.graph;
    const types = new Set(this.filters.types);
    const kinds = new Set(this.filters.kinds);
    const label = this.filters.label;
    const hiddenNodes = new Set();
    const hiddenEdges = new Set();
    g.forEachNode((n, a) => {
      if (n === this.center) return;
      if ((kinds.size && !kinds.has(a.kind)) || (label && !a.labels.includes(label))) hiddenNodes.add(n);
    });
    g.forEachEdge((e, a, s, t) => {
      if ((types.size && !types.has(a.relType)) || hiddenNodes.has(s) || hiddenNodes.has(t)) hiddenEdges.add(e);
    });
    if (types.size) {
      // A node left with no visible tie drops out of the picture, except
      // the centre.
      g.forEachNode((n) => {
        if (n === this.center || hiddenNodes.has(n)) return;
        let tied = false;
        g.forEachEdge(n, (e) => {
          if (!hiddenEdges.has(e)) tied = true;
        });
        if (!tied) hiddenNodes.add(n);
      });
    }
    this.hiddenNodes = hiddenNodes;
    this.hiddenEdges = hiddenEdges;
    if (!silent) {
      this.renderer.refresh({ skipIndexation: true });
      this.changed();
    }
  }

  /**
   * setHighlight emphasises paths: paths is [{nodes: [id], edges: [id]}];
   * chosen is the index of the path drawn strongest. Null clears it.
   */
  setHighlight(paths, chosen = 0) {
    if (!paths || !paths.length) {
      this.highlight = null;
    } else {
      const all = new Set();
      const allEdges = new Set();
      for (const p of paths) {
        p.nodes.forEach((n) => all.add(n));
        (p.edges || []).forEach((e) => allEdges.add(e));
      }
      const c = paths[chosen] || paths[0];
      this.highlight = {
        chosen,
        all,
        allEdges,
        chosenNodes: new Set(c.nodes),
        chosenEdges: new Set(c.edges || []),
      };
    }
    this.renderer.refresh({ skipIndexation: true });
    this.changed();
  }

  reduceNode(node, data) {
    const res = { ...data };
    if (this.hiddenNodes.has(node)) {
      res.hidden = true;
      return res;
    }
    const hl = this.highlight;
    if (hl) {
      if (hl.chosenNodes.has(node)) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 3;
        res.size = Math.max(data.size, 8) * 1.3;
      } else if (hl.all.has(node)) {
        res.forceLabel = true;
        res.zIndex = 2;
      } else {
        res.color = DIM;
        res.label = '';
        res.zIndex = 0;
      }
    }
    if (node === this.center) {
      res.forceLabel = true;
      res.zIndex = Math.max(res.zIndex || 0, 2);
    }
    if (node === this.hovered) res.highlighted = true;
    return res;
  }

  reduceEdge(edge, data) {
    const res = { ...data };
    if (this.hiddenEdges.has(edge)) {
      res.hidden = true;
      return res;
    }
    const hl = this.highlight;
    if (hl) {
      if (hl.chosenEdges.has(edge)) {
        res.color = EDGE_CHOSEN;
        res.size = 4;
        res.zIndex = 3;
      } else if (hl.allEdges.has(edge)) {
        res.color = '#52525b';
        res.size = 2;
        res.zIndex = 2;
      } else {
        res.color = '#e4e4e7';
        res.zIndex = 0;
      }
    }
    if (this.hovered) {
      const [s, t] = this.graph.extremities(edge);
      if (s === this.hovered || t === this.hovered) {
        res.color = EDGE_CHOSEN;
        res.zIndex = 3;
      }
    }
    return res;
  }

  /** nodeDetails is what the hover panel shows. */
  nodeDetails(node) {
    const a = this.graph.getNodeAttributes(node);
    return {
      id: node,
      name: a.name,
      kind: a.kind,
      ours: a.ours,
      title: a.title,
      party: a.party,
      labels: a.labels,
      ties: this.graph.degree(node),
      score: a.score,
    };
  }

  /** visibleCounts counts what the reducers leave on screen. */
  visibleCounts() {
    return {
      nodes: this.graph.order - this.hiddenNodes.size,
      edges: this.graph.size - this.hiddenEdges.size,
    };
  }

  changed() {
    if (this.opts.onChange) this.opts.onChange(this);
  }

  /** focusNode moves the camera onto a node. */
  focusNode(id) {
    if (!this.graph.hasNode(id)) return;
    const d = this.renderer.getNodeDisplayData(id);
    if (d) this.renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.6 }, { duration: 300 });
  }

  /** scene lists what is on screen, in viewport pixels, for the exporters. */
  scene() {
    const r = this.renderer;
    const { width, height } = r.getDimensions();
    const nodes = [];
    const pos = new Map();
    const boxes = new Map(this.labelBoxes.map((b) => [b.key, b]));
    this.graph.forEachNode((n) => {
      const d = r.getNodeDisplayData(n);
      if (!d || d.hidden) return;
      const reduced = this.reduceNode(n, this.graph.getNodeAttributes(n));
      const p = r.framedGraphToViewport({ x: d.x, y: d.y });
      const item = {
        id: n,
        x: p.x,
        y: p.y,
        r: r.scaleSize(d.size),
        color: reduced.color,
        ours: this.graph.getNodeAttribute(n, 'ours'),
        label: reduced.label,
        // The label where the map drew it, if it drew one.
        box: boxes.get(n) || null,
        z: reduced.zIndex || 1,
      };
      pos.set(n, item);
      nodes.push(item);
    });
    const edges = [];
    this.graph.forEachEdge((e, a, s, t) => {
      if (this.hiddenEdges.has(e) || !pos.has(s) || !pos.has(t)) return;
      const reduced = this.reduceEdge(e, a);
      edges.push({ a: pos.get(s), b: pos.get(t), color: reduced.color, w: reduced.size || 1, z: reduced.zIndex || 1 });
    });
    nodes.sort((p, q) => p.z - q.z);
    edges.sort((p, q) => p.z - q.z);
    return { width, height, nodes, edges };
  }

  /** exportPNG draws the visible map on a 2D canvas and resolves to a PNG Blob. */
  exportPNG(scale = 2) {
    const sc = this.scene();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(sc.width * scale);
    canvas.height = Math.round(sc.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, sc.width, sc.height);
    for (const e of sc.edges) {
      ctx.strokeStyle = e.color;
      ctx.lineWidth = e.w;
      ctx.beginPath();
      ctx.moveTo(e.a.x, e.a.y);
      ctx.lineTo(e.b.x, e.b.y);
      ctx.stroke();
    }
    ctx.font = '12px system-ui, sans-serif';
    for (const n of sc.nodes) {
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
      ctx.fillStyle = n.ours ? `rgb(${RING.join(',')})` : n.color;
      ctx.fill();
      if (n.ours) {
        ctx.beginPath();
        ctx.arc(n.x, n.y, n.r * 0.62, 0, 2 * Math.PI);
        ctx.fillStyle = n.color;
        ctx.fill();
      }
    }
    ctx.fillStyle = '#111827';
    for (const n of sc.nodes) {
      if (n.box) ctx.fillText(n.box.label, n.box.x, n.box.y + n.box.h / 2 + 4);
    }
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'),
    );
  }

  /** exportSVG returns the visible map as an SVG document. */
  exportSVG() {
    const sc = this.scene();
    const esc = (s) =>
      String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const f = (x) => x.toFixed(1);
    const out = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${f(sc.width)}" height="${f(sc.height)}" viewBox="0 0 ${f(sc.width)} ${f(sc.height)}" font-family="system-ui, sans-serif" font-size="12">`,
      `<rect width="100%" height="100%" fill="#ffffff"/>`,
      '<g stroke-linecap="round">',
    ];
    for (const e of sc.edges) {
      out.push(`<line x1="${f(e.a.x)}" y1="${f(e.a.y)}" x2="${f(e.b.x)}" y2="${f(e.b.y)}" stroke="${e.color}" stroke-width="${f(e.w)}"/>`);
    }
    out.push('</g><g>');
    for (const n of sc.nodes) {
      const title = `<title>${esc(n.label || n.id)}</title>`;
      if (n.ours) {
        out.push(`<circle cx="${f(n.x)}" cy="${f(n.y)}" r="${f(n.r)}" fill="rgb(${RING.join(',')})">${title}</circle>`);
        out.push(`<circle cx="${f(n.x)}" cy="${f(n.y)}" r="${f(n.r * 0.62)}" fill="${n.color}"/>`);
      } else {
        out.push(`<circle cx="${f(n.x)}" cy="${f(n.y)}" r="${f(n.r)}" fill="${n.color}">${title}</circle>`);
      }
    }
    out.push('</g><g fill="#111827">');
    for (const n of sc.nodes) {
      if (n.box) out.push(`<text x="${f(n.box.x)}" y="${f(n.box.y + n.box.h / 2 + 4)}">${esc(n.box.label)}</text>`);
    }
    out.push('</g></svg>');
    return out.join('\n');
  }

  destroy() {
    this.stopLayout();
    this.renderer.kill();
    this.graph.clear();
  }
}

/** download saves a Blob or string as a file. */
export function download(data, filename, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
