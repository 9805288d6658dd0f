// router.js maps the location hash (#/entity/ID?tab=x) to a view. Views are
// registered with route(); later features (campaigns) add their own routes
// and navigation entries without touching the others.

import { useEffect, useState } from './html.js';

const table = [];
const navItems = [];

/**
 * route registers a view for a pattern such as "/entity/:id". Params are
 * passed to the view decoded; the query string arrives as `query`
 * (URLSearchParams).
 */
export function route(pattern, view, opts = {}) {
  const keys = [];
  const re = new RegExp(
    '^' +
      pattern.replace(/\/:([a-z]+)/g, (_, k) => {
        keys.push(k);
        return '/([^/]+)';
      }) +
      '/?$',
  );
  table.push({ pattern, re, keys, view, title: opts.title || '' });
}

/** nav adds an entry to the main navigation. */
export function nav(label, href, opts = {}) {
  navItems.push({ label, href, match: opts.match || href, editorOnly: !!opts.editorOnly });
}

export function navEntries() {
  return navItems;
}

/** parse resolves a hash to {view, params, query, path}. */
export function parse(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  for (const r of table) {
    const m = r.re.exec(path);
    if (!m) continue;
    const params = {};
    r.keys.forEach((k, i) => {
      params[k] = decodeURIComponent(m[i + 1]);
    });
    return { view: r.view, title: r.title, params, query: new URLSearchParams(qs || ''), path };
  }
  return { view: null, title: 'Not found', params: {}, query: new URLSearchParams(qs || ''), path };
}

/** href builds a hash link; params are encoded, query is an object. */
export function href(path, query) {
  let s = '#' + path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    const qs = q.toString();
    if (qs) s += '?' + qs;
  }
  return s;
}

export function entityHref(id) {
  return href('/entity/' + encodeURIComponent(id));
}

export function mapHref(id, query) {
  return href('/map/' + encodeURIComponent(id), query);
}

/** navigate changes the hash; replace avoids a history entry. */
export function navigate(h, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', h);
  else location.hash = h.replace(/^#/, '');
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** useRoute re-renders on every hash change and returns the parsed route. */
export function useRoute() {
  const [r, setR] = useState(() => parse(location.hash));
  useEffect(() => {
    const fn = () => setR(parse(location.hash));
    window.addEventListener('hashchange', fn);
    return () => window.removeEventListener('hashchange', fn);
  }, []);
  return r;
}
