// state.js holds the app-wide state (who is signed in, what the map shows)
// and exposes it, with the map's graph and renderer, as window.__powermap so
// that end-to-end tests can assert on data rather than pixels.

import { useEffect, useState } from './html.js';

const listeners = new Set();

/** state is the app's shared, observable state. Change it with update(). */
export const state = {
  session: null, // {role, name, ...} once signed in
  route: null,
  map: {
    center: null,
    depth: 1,
    truncated: false,
    filters: { types: [], kinds: [], label: '' },
    sizeBy: 'degree',
    highlight: null, // {paths: [{nodes, edges}], chosen}
    layout: 'idle', // idle | running | done
  },
  paths: null, // the last "who knows" answer
};

/** The handle end-to-end tests read: graph and renderer belong to the map on screen. */
export const exposed = {
  state,
  graph: null,
  renderer: null,
  ready: false, // true once the first screen has rendered
  marks: {}, // performance marks, ms since navigation start
};
window.__powermap = exposed;

/** update merges patch into state (one level deep for map) and notifies. */
export function update(patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'map') Object.assign(state.map, v);
    else state[k] = v;
  }
  for (const fn of listeners) fn(state);
}

/** useAppState re-renders the calling component whenever state changes. */
export function useAppState() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const fn = () => setTick((t) => t + 1);
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return state;
}

/** canEdit reports whether the signed-in role may write. */
export function canEdit() {
  const r = state.session && state.session.role;
  return r === 'editor' || r === 'admin';
}

/** mark records a performance mark for the benchmarks. */
export function mark(name) {
  exposed.marks[name] = performance.now();
}
