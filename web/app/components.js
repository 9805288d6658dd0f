// components.js holds the small pieces every view uses: loading and error
// states, pagers, kind badges, labelled form fields with their errors.

import { html, useEffect, useRef, useState } from './html.js';
import { entityHref } from './router.js';
import { kindColor } from './map/graphmap.js';

/** Loading is a visible, announced loading state. */
export function Loading({ what = 'Loading' }) {
  return html`<p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${what}…</p>`;
}

/** ErrorBox shows an error; nothing fails silently. */
export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  const msg = error.message || String(error);
  return html`<div class="error" role="alert">
    <strong>${errorTitle(error)}</strong> ${msg}
    ${error.details && error.details.length && !error.fieldErrorsShown
      ? html`<ul>${error.details.slice(0, 20).map((d) => html`<li>${detailText(d)}</li>`)}</ul>`
      : null}
    ${error.requestId ? html`<small> (request ${error.requestId})</small>` : null}
    ${onRetry ? html` <button type="button" onClick=${onRetry}>Try again</button>` : null}
  </div>`;
}

function errorTitle(e) {
  switch (e.code) {
    case 'not_found':
      return 'Not found.';
    case 'forbidden':
      return 'Not allowed.';
    case 'unauthorized':
      return 'Please sign in.';
    case 'unavailable':
    case 'network':
      return 'Unavailable.';
    case 'invalid':
      return 'Please check the input.';
    case 'conflict':
      return 'Changed meanwhile.';
    default:
      return 'Error.';
  }
}

/** detailText renders one API error detail: "line 3: strength: must be in (0,1]". */
export function detailText(d) {
  const parts = [];
  if (d.file) parts.push(d.line ? `${d.file}:${d.line}` : d.file);
  else if (d.line) parts.push(`line ${d.line}`);
  if (d.record) parts.push(`record ${d.record}`);
  if (d.field) parts.push(d.field);
  parts.push(d.reason);
  return parts.join(': ');
}

/** KindBadge shows an entity's kind with its map colour, and `ours`. */
export function KindBadge({ kind, ours }) {
  return html`<span class="kind"><span class="dot" style=${{ background: kindColor(kind) }} aria-hidden="true"></span>${kind}</span>${ours
      ? html` <span class="ours" title="One of ours">ours</span>`
      : null}`;
}

export function EntityLink({ id, name }) {
  return html`<a href=${entityHref(id)}>${name || id}</a>`;
}

let fieldSeq = 0;

/**
 * Field is a labelled input with its validation error beside it, tied by
 * aria-describedby. Pass `as="select"` or `as="textarea"` for others.
 */
export function Field({ label, name, error, as = 'input', children, hint, id: givenId, ...rest }) {
  const id = useRef(null);
  if (!id.current) id.current = givenId || `f-${name}-${++fieldSeq}`;
  const errId = `${id.current}-err`;
  const hintId = `${id.current}-hint`;
  const describedBy = [error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const props = { id: id.current, name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy, ...rest };
  let control;
  if (as === 'select') control = html`<select ...${props}>${children}</select>`;
  else if (as === 'textarea') control = html`<textarea ...${props}></textarea>`;
  else control = html`<input ...${props} />`;
  return html`<div class=${'field' + (error ? ' has-error' : '')} data-field=${name}>
    <label for=${id.current}>${label}</label>
    ${control}
    ${hint ? html`<small id=${hintId} class="hint">${hint}</small>` : null}
    ${error ? html`<span id=${errId} class="field-error" role="alert">${error}</span>` : null}
  </div>`;
}

/**
 * usePaged loads a cursor-paged listing: fetchPage(after) resolves to
 * {items, next}. It returns {items, loading, error, next(), prev(), page}.
 */
export function usePaged(fetchPage, deps) {
  const [cursors, setCursors] = useState(['']);
  const [res, setRes] = useState({ items: [], next: '', loading: true, error: null });
  const page = cursors.length - 1;
  useEffect(() => {
    setCursors(['']);
  }, deps);
  useEffect(() => {
    let live = true;
    setRes((r) => ({ ...r, loading: true, error: null }));
    fetchPage(cursors[page])
      .then((d) => live && setRes({ items: d.items || [], next: d.next || '', loading: false, error: null }))
      .catch((error) => live && setRes({ items: [], next: '', loading: false, error }));
    return () => {
      live = false;
    };
  }, [cursors, ...deps]);
  return {
    ...res,
    page,
    hasPrev: page > 0,
    nextPage: () => res.next && setCursors([...cursors, res.next]),
    prevPage: () => page > 0 && setCursors(cursors.slice(0, -1)),
  };
}

/** Pager is the previous/next control of a paged list. */
export function Pager({ paged, label = 'Pages' }) {
  if (!paged.hasPrev && !paged.next) return null;
  return html`<nav class="pager" aria-label=${label}>
    <button type="button" onClick=${paged.prevPage} disabled=${!paged.hasPrev}>← Previous</button>
    <span>Page ${paged.page + 1}</span>
    <button type="button" onClick=${paged.nextPage} disabled=${!paged.next}>Next →</button>
  </nav>`;
}

/** useAsync runs fn when deps change and returns {data, error, loading, reload}. */
export function useAsync(fn, deps) {
  const [tick, setTick] = useState(0);
  const [st, setSt] = useState({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    const ctl = new AbortController();
    setSt((s) => ({ ...s, loading: true, error: null }));
    Promise.resolve()
      .then(() => fn(ctl.signal))
      .then((data) => live && setSt({ data, error: null, loading: false }))
      .catch((error) => live && error.name !== 'AbortError' && setSt({ data: null, error, loading: false }));
    return () => {
      live = false;
      ctl.abort();
    };
  }, [...deps, tick]);
  return { ...st, reload: () => setTick((t) => t + 1) };
}

/** money formats an amount in dollars. */
export function money(n) {
  return (n || 0).toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
}
