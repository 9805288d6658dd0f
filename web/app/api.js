// api.js talks to powermap's HTTP API under /api/v1. Every call goes through
// request(), which sends the session cookie and, for writes, the CSRF token
// that POST /api/v1/session returned; every failure becomes an ApiError
// carrying the API's {code, message, details}.

const BASE = '/api/v1';
const CSRF_KEY = 'powermap.csrf';

/** ApiError is a failed API call: HTTP status plus the API's error body. */
export class ApiError extends Error {
  constructor(status, body, fallback) {
    const e = (body && body.error) || {};
    super(e.message || fallback || `request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'internal');
    this.details = Array.isArray(e.details) ? e.details : [];
    this.requestId = e.request_id || '';
  }

  /** fieldErrors maps each field named in the details to its reasons. */
  fieldErrors() {
    const out = {};
    for (const d of this.details) {
      const f = d.field || '';
      out[f] = out[f] ? `${out[f]}; ${d.reason}` : d.reason;
    }
    return out;
  }
}

const listeners = new Set();

/** onUnauthorized registers fn, called whenever the API answers 401. */
export function onUnauthorized(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function setCsrf(token) {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

function query(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * request sends one API call. opts: query, body (JSON), form (FormData),
 * ifMatch (an ETag), signal, raw (return the Response). It resolves to
 * {data, etag, status} and rejects with an ApiError.
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let res;
  try {
    res = await fetch(BASE + path + query(opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, null, 'cannot reach the powermap server');
  }
  if (opts.raw && res.ok) return res;
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  } else if (res.status !== 204) {
    data = await res.text();
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401) for (const fn of listeners) fn(err);
    throw err;
  }
  return { data, etag: res.headers.get('ETag'), status: res.status };
}

/** get returns the decoded body of a GET. */
export async function get(path, params, opts = {}) {
  return (await request('GET', path, { ...opts, query: params })).data;
}

export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body });
export const patch = (path, body, opts = {}) => request('PATCH', path, { ...opts, body });
export const del = (path, opts = {}) => request('DELETE', path, opts);

/** enc escapes one path segment (ids may hold '/'). */
export const enc = encodeURIComponent;
