// The rankings view: who holds influence, by algorithm and kind, in a
// sortable, paged table that says whether scores are exact or estimated.

import { html, useState } from '../html.js';
import { get } from '../api.js';
import { navigate, href } from '../router.js';
import { Loading, ErrorBox, EntityLink, KindBadge, useAsync } from '../components.js';

export const ALGORITHMS = [
  { value: 'pagerank', label: 'PageRank', means: 'how much influence reaches them through their ties: ties to people who are themselves well tied count most.' },
  { value: 'betweenness', label: 'Betweenness (brokers)', means: 'how often they sit on the shortest way between two others: the brokers who join circles that would otherwise not meet.' },
  { value: 'degree', label: 'Degree (most ties)', means: 'how many direct relationships they have.' },
  { value: 'eigenvector', label: 'Eigenvector', means: 'how well tied they are to the best-connected people: influence by association.' },
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
  // Scores are shown relative to the first (100), never raw: 0.002832 means nothing to a reader.
  const results = (res.data && res.data.results) || [];
  const best = results.length ? results[0].score : 0;
  const rows = results.map((r, i) => ({
    rank: i + 1,
    id: r.id,
    name: r.name || r.id,
    title: r.title || '',
    party: r.party || '',
    kind: r.kind,
    ours: r.ours ? 'ours' : '',
    score: r.score,
  }));
  const relative = (score) => {
    if (!(best > 0) || typeof score !== 'number') return '';
    const v = (100 * score) / best;
    return v >= 10 ? String(Math.round(v)) : v.toFixed(1);
  };
  const meaning = (ALGORITHMS.find((a) => a.value === algo) || {}).means;
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
    <p class="rank-means">${meaning ? html`<strong>${(ALGORITHMS.find((a) => a.value === algo) || {}).label}</strong> measures ${meaning} ` : null}The <em>relative influence</em> column puts the first at 100: 50 means half as much.</p>
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
          <table class="rankings stack">
            <caption class="visually-hidden">Influence scores by ${algo}${kind ? `, ${kind}s only` : ''}; column headers sort</caption>
            <thead><tr>${th('rank', 'Rank', 'num')}${th('name', 'Name')}${th('title', 'Title or role')}${th('party', 'Party')}${th('kind', 'Kind')}${th('ours', 'Ours')}${th('score', 'Relative influence', 'num')}</tr></thead>
            <tbody>
              ${shown.map(
                (r) => html`<tr data-id=${r.id}>
                  <td class="num" data-label="Rank">${r.rank}</td>
                  <td data-label="Name"><${EntityLink} id=${r.id} name=${r.name} /></td>
                  <td data-label="Title or role">${r.title}</td>
                  <td data-label="Party">${r.party}</td>
                  <td data-label="Kind"><${KindBadge} kind=${r.kind} /></td>
                  <td data-label="Ours">${r.ours ? html`<span class="ours" title="One of ours">ours</span>` : ''}</td>
                  <td class="num" data-label="Relative influence" title=${`score ${r.score}`}>${relative(r.score)}</td>
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
