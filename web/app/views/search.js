// The search page: every match of a query, best first (exact and
// last-name matches, then prefix matches, then the rest; officials and our
// own people first among equals), with how many there are.

import { html, useState, useEffect } from '../html.js';
import { get } from '../api.js';
import { navigate, href, entityHref } from '../router.js';
import { Loading, ErrorBox, KindBadge, useAsync } from '../components.js';
import { roleOf, matchesText } from './searchbox.js';

const PAGE = 25;
const MAX = 100; // the API's largest limit

export function SearchView({ query }) {
  const q = (query.get('q') || '').trim();
  const kind = query.get('kind') || '';
  const limit = Math.min(MAX, Number(query.get('limit')) || PAGE);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const go = (patch) => navigate(href('/search', { q, kind, limit: limit === PAGE ? undefined : limit, ...patch }), { replace: !!patch.limit });
  const res = useAsync((signal) => (q ? get('/search', { q, kind, limit }, { signal }) : Promise.resolve(null)), [q, kind, limit]);
  const data = res.data;
  const items = (data && data.items) || [];
  const count = data ? { total: data.total ?? items.length, more: !!data.more, capped: !!data.total_capped } : null;
  return html`<section aria-labelledby="search-h">
    <header class="viewhead"><h1 id="search-h">${q ? html`Search: “${q}”` : 'Search'}</h1></header>
    <form class="toolbar" role="search" aria-label="Search the map" onSubmit=${(e) => {
      e.preventDefault();
      go({ q: text.trim(), limit: undefined });
    }}>
      <div class="field">
        <label for="search-q">Name or alias</label>
        <input id="search-q" type="search" value=${text} onInput=${(e) => setText(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="search-kind">Kind</label>
        <select id="search-kind" value=${kind} onChange=${(e) => go({ kind: e.currentTarget.value, limit: undefined })}>
          <option value="">All kinds</option>
          ${['person', 'official', 'donor', 'organization', 'issue'].map((k) => html`<option value=${k}>${k}</option>`)}
        </select>
      </div>
      <div class="field"><button type="submit" class="primary">Search</button></div>
    </form>
    ${res.loading ? html`<${Loading} what="Searching" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${count
      ? html`<p class="search-count" role="status">${items.length ? matchesText(count, items.length) : 'No match'}${kind ? ` among ${kind}s` : ''}.</p>`
      : null}
    ${items.length
      ? html`<table class="entities search-results">
          <caption class="visually-hidden">Matches, best first</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Title or role</th><th scope="col">Ask</th></tr></thead>
          <tbody>
            ${items.map(
              (e) => html`<tr>
                <td><a href=${entityHref(e.id)}>${e.name}</a></td>
                <td><${KindBadge} kind=${e.kind} ours=${e.ours} /></td>
                <td>${roleOf(e)}</td>
                <td><a href=${href('/who-knows', { to: e.id })} aria-label=${`Who knows ${e.name}?`}>who knows?</a></td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : null}
    ${count && count.more && limit < MAX ? html`<button type="button" onClick=${() => go({ limit: Math.min(MAX, limit + PAGE) })}>Show more</button>` : null}
    ${count && count.more && limit >= MAX ? html`<p class="muted">These are the best ${MAX}. Add a word to narrow the search.</p>` : null}
  </section>`;
}
