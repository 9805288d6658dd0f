// The rankings view: who holds influence, by algorithm and kind, in a
// sortable, paged table that says whether scores are exact or estimated.

import { html, useState } from '../html.js';
import { get } from '../api.js';
import { navigate, href } from '../router.js';
import { Loading, ErrorBox, EntityLink, KindBadge, useAsync } from '../components.js';

export const ALGORITHMS = [
  { value: 'pagerank', label: 'PageRank' },
  { value: 'betweenness', label: 'Betweenness (brokers)' },
  { value: 'degree', label: 'Degree (most ties)' },
  { value: 'eigenvector', label: 'Eigenvector' },
];
const PAGE = 50;

export function Rankings({ query }) {
  const algo = query.get('algo') || 'pagerank';
  const kind = query.get('kind') || '';
  const top = Number(query.get('top')) || 200;
  const [sort, setSort] = useState({ key: 'rank', dir: 1 });
  const [page, setPage] = useState(0);
  const res = useAsync((signal) => get('/rankings', { algo, kind, top }, { signal }), [algo, kind, top]);
  const go = (q) => {
    setPage(0);
    navigate(href('/rankings', { algo, kind, top, ...q }));
  };
  // GET /rankings answers {algorithm, weighted, exact, precision?, results: [{id, name, kind, score}]}, best first.
  const rows = ((res.data && res.data.results) || []).map((r, i) => ({ rank: i + 1, id: r.id, name: r.name || r.id, kind: r.kind, score: r.score }));
  const exact = res.data ? res.data.exact : true;
  const sorted = rows.slice().sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * sort.dir;
  });
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const shown = sorted.slice(page * PAGE, page * PAGE + PAGE);
  const th = (key, label, cls = '') => {
    const active = sort.key === key;
    return html`<th scope="col" class=${cls} aria-sort=${active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sortbtn" onClick=${() => setSort({ key, dir: active ? -sort.dir : key === 'score' ? -1 : 1 })}>
        ${label}${active ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}
      </button>
    </th>`;
  };
  return html`<section aria-labelledby="rank-h">
    <header class="viewhead"><h1 id="rank-h">Who holds influence</h1></header>
    <form class="toolbar" onSubmit=${(e) => e.preventDefault()} aria-label="Ranking settings">
      <div class="field">
        <label for="rank-algo">Algorithm</label>
        <select id="rank-algo" value=${algo} onChange=${(e) => go({ algo: e.currentTarget.value })}>
          ${ALGORITHMS.map((a) => html`<option value=${a.value}>${a.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="rank-kind">Kind</label>
        <select id="rank-kind" value=${kind} onChange=${(e) => go({ kind: e.currentTarget.value })}>
          <option value="">All kinds</option>
          ${['person', 'official', 'donor', 'organization'].map((k) => html`<option value=${k}>${k}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="rank-top">Top</label>
        <select id="rank-top" value=${top} onChange=${(e) => go({ top: e.currentTarget.value })}>
          ${[50, 200, 1000].map((n) => html`<option value=${n}>${n}</option>`)}
        </select>
      </div>
    </form>
    ${res.loading ? html`<${Loading} what="Ranking" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${res.data
      ? html`<p class="status" role="status">
            ${rows.length} ranked · <span class=${'badge ' + (exact ? 'exact' : 'estimated')}>${exact ? 'exact' : 'estimated'}</span>
            ${res.data.note ? html` <span class="muted">${res.data.note}</span>` : null}
          </p>
          <table class="rankings">
            <caption class="visually-hidden">Influence scores by ${algo}${kind ? `, ${kind}s only` : ''}; column headers sort</caption>
            <thead><tr>${th('rank', 'Rank', 'num')}${th('name', 'Name')}${th('kind', 'Kind')}${th('score', 'Score', 'num')}</tr></thead>
            <tbody>
              ${shown.map(
                (r) => html`<tr data-id=${r.id}>
                  <td class="num">${r.rank}</td>
                  <td><${EntityLink} id=${r.id} name=${r.name} /></td>
                  <td><${KindBadge} kind=${r.kind} ours=${r.ours} /></td>
                  <td class="num">${typeof r.score === 'number' ? r.score.toPrecision(4) : ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${pages > 1
            ? html`<nav class="pager" aria-label="Ranking pages">
                <button type="button" disabled=${page === 0} onClick=${() => setPage(page - 1)}>← Previous</button>
                <span>Page ${page + 1} of ${pages}</span>
                <button type="button" disabled=${page + 1 >= pages} onClick=${() => setPage(page + 1)}>Next →</button>
              </nav>`
            : null}`
      : null}
  </section>`;
}
