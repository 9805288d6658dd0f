// The review queue of likely duplicates (#/dedupe): one pair at a time, side
// by side, with the evidence in plain words. Merge it (keeping either
// record) or mark it not the same, with one key: 1 or 2 merges into the
// left or right record, n marks not the same, s skips to the next pair.
// Editors and admins only.

import { html, useEffect, useState } from '../html.js';
import { get, post } from '../api.js';
import { route, entityHref } from '../router.js';
import { entitySections } from './entity.js';
import { canEdit } from '../state.js';
import { Loading, ErrorBox, KindBadge, useAsync, money } from '../components.js';
import { roleOf } from './searchbox.js';

// EVIDENCE says what each feature of graph/dedupe means to a reader.
const EVIDENCE = {
  last_exact: 'same surname',
  last_part: 'one surname is part of the other',
  last_typo: 'surnames differ by a typo',
  last_differ: 'different surnames',
  first_exact: 'same given name',
  first_nick: 'given names are a name and its nickname',
  first_initial: 'a given name matches the other’s initial',
  first_typo: 'given names differ by a typo',
  first_conflict: 'different given names',
  first_missing: 'one has no given name',
  middle_match: 'same middle name or initial',
  middle_conflict: 'different middle initials',
  suffix_conflict: 'different suffixes (Jr., Sr.)',
  state_match: 'same state',
  state_conflict: 'different states',
  zip_match: 'same ZIP code',
  zip3_match: 'nearby ZIP codes',
  zip_conflict: 'distant ZIP codes',
  district_match: 'same district',
  district_conflict: 'different districts',
  party_match: 'same party',
  party_conflict: 'different parties',
  chamber_match: 'same chamber',
  chamber_conflict: 'different chambers',
  employer_match: 'same employer',
  employer_conflict: 'different employers',
  occupation_match: 'same occupation',
  neighbors: 'tied to the same people',
  shared_id: 'share an official identifier',
  id_conflict: 'different official identifiers',
};

const FIELDS = [
  ['Kind', (e) => html`<${KindBadge} kind=${e.kind} ours=${e.ours} />`],
  ['Role', (e) => roleOf(e)],
  ['Party', (e) => e.party],
  ['District', (e) => e.district],
  ['Email', (e) => e.email],
  ['Phone', (e) => e.phone],
  ['Also known as', (e) => (e.aliases || []).join('; ')],
];

// propRows compares the props, leaving out those that hold another
// entity's id (employer_id…): the tie to that entity says it by name.
function propRows(a, b) {
  const keys = [...new Set([...Object.keys(a.props || {}), ...Object.keys(b.props || {})])].filter((k) => !k.endsWith('_id')).sort();
  const label = (k) => {
    const t = k.replace(/^id\./, 'id: ').replace(/_/g, ' ');
    return t.charAt(0).toUpperCase() + t.slice(1);
  };
  return keys.map((k) => [label(k), (e) => (e.props || {})[k]]);
}

function Side({ e, ties, n }) {
  return html`<th scope="col"><span class="muted">${n}</span> <a href=${entityHref(e.id)}>${e.name}</a><div class="muted">${ties} ${ties === 1 ? 'tie' : 'ties'}</div></th>`;
}

export function DedupeView() {
  const [skipped, setSkipped] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState('');
  const res = useAsync((signal) => get('/dedupe/pairs', { limit: 100 }, { signal }), []);
  const q = res.data;
  const items = (q && q.items) || [];
  const pair = items[skipped % Math.max(1, items.length)];

  const act = async (kind) => {
    if (!pair || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (kind === 'skip') {
        setSkipped((s) => s + 1);
        setDone(`Skipped ${pair.a.name} and ${pair.b.name}.`);
      } else if (kind === 'not-same') {
        await post('/dedupe/not-same', { a: pair.a.id, b: pair.b.id });
        setDone(`Marked ${pair.a.name} and ${pair.b.name} not the same; they will not be offered again.`);
        res.reload();
      } else {
        const [keep, drop] = kind === 'keep-a' ? [pair.a, pair.b] : [pair.b, pair.a];
        await post('/merges', { keep: keep.id, drop: drop.id });
        setDone(`Merged ${drop.name} into ${keep.name}. Undo it from the merge history (powermap dedupe merges).`);
        res.reload();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const mergeAuto = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await post('/dedupe/auto-merge', {});
      setDone(`Merged ${r.merges.length} very likely ${r.merges.length === 1 ? 'pair' : 'pairs'}${r.skipped.length ? `; ${r.skipped.length} left for review` : ''}. Each can be undone from the merge history.`);
      res.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const onKey = (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
      const kind = { 1: 'keep-a', 2: 'keep-b', n: 'not-same', s: 'skip' }[ev.key];
      if (kind) {
        ev.preventDefault();
        act(kind);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const rows = pair ? [...FIELDS, ...propRows(pair.a, pair.b)] : [];
  const pct = pair ? Math.round(pair.score * 100) : 0;
  const reasons = pair ? pair.evidence.filter((f) => f.name !== 'bias' && f.contribution !== 0) : [];
  return html`<section class="dedupe" aria-labelledby="dedupe-h">
    <header class="viewhead"><h1 id="dedupe-h">Possible duplicates</h1></header>
    <p>
      The same person can arrive twice, from two sources that spell the name their own way. Each pair below was
      scored from names, places, employers and shared ties. Merge the two into one record, or say they are not the
      same, and the pair will not come back.
    </p>
    ${res.loading && !q ? html`<${Loading} what="Looking for duplicates" />` : null}
    <${ErrorBox} error=${res.error || error} />
    ${done ? html`<p class="notice" role="status">${done}</p>` : html`<p class="visually-hidden" role="status"></p>`}
    ${q
      ? html`<p class="dedupe-count">
          ${q.total === 0
            ? 'No likely duplicates wait for review.'
            : `${q.total} ${q.total === 1 ? 'pair waits' : 'pairs wait'} for review${q.auto ? `, ${q.auto} of them very likely the same` : ''}.`}
          ${q.not_same ? ` ${q.not_same} marked not the same.` : ''}
          ${q.auto
            ? html` <button type="button" disabled=${busy} onClick=${mergeAuto}>Merge the ${q.auto} very likely ${q.auto === 1 ? 'pair' : 'pairs'}</button>`
            : null}
        </p>`
      : null}
    ${pair
      ? html`<article class="dedupe-pair" aria-label=${`${pair.a.name} and ${pair.b.name}`}>
          <h2>${pair.a.name} and ${pair.b.name}: ${pct}% likely the same${pair.decision === 'auto' ? ' (very likely)' : ''}</h2>
          <p class="dedupe-why">
            ${reasons.filter((f) => f.contribution > 0).length
              ? html`For: ${reasons.filter((f) => f.contribution > 0).map((f) => EVIDENCE[f.name] || f.name).join(', ')}.`
              : null}
            ${reasons.filter((f) => f.contribution < 0).length
              ? html` Against: ${reasons.filter((f) => f.contribution < 0).map((f) => EVIDENCE[f.name] || f.name).join(', ')}.`
              : null}
          </p>
          <div class="dedupe-table">
            <table>
              <thead><tr><td></td><${Side} e=${pair.a} ties=${pair.a_ties} n="1" /><${Side} e=${pair.b} ties=${pair.b_ties} n="2" /></tr></thead>
              <tbody>
                ${rows.map(([label, f]) => {
                  const a = f(pair.a) || '';
                  const b = f(pair.b) || '';
                  if (!a && !b) return null;
                  const differ = typeof a === 'string' && typeof b === 'string' && a && b && a !== b;
                  return html`<tr class=${differ ? 'differ' : ''}><th scope="row">${label}</th><td>${a}</td><td>${b}</td></tr>`;
                })}
              </tbody>
            </table>
          </div>
          <div class="dedupe-actions">
            <button type="button" disabled=${busy} onClick=${() => act('keep-a')}>Same person: keep ${pair.a.name} <kbd>1</kbd></button>
            <button type="button" disabled=${busy} onClick=${() => act('keep-b')}>Same person: keep ${pair.b.name} <kbd>2</kbd></button>
            <button type="button" disabled=${busy} onClick=${() => act('not-same')}>Not the same <kbd>n</kbd></button>
            <button type="button" disabled=${busy} onClick=${() => act('skip')}>Skip <kbd>s</kbd></button>
          </div>
          <p class="muted">Keys: 1 or 2 merges, keeping that record; n marks not the same; s skips.</p>
        </article>`
      : null}
  </section>`;
}

route('/dedupe', DedupeView, { title: 'Possible duplicates' });

/**
 * Givers answers, on an official's page, which of our people and contacts
 * give to them, and which FEC donor records are probably one of ours.
 */
function Givers({ entity: e }) {
  const res = useAsync((signal) => get(`/entities/${encodeURIComponent(e.id)}/givers`, {}, { signal }), [e.id]);
  const g = res.data;
  const merge = async (s) => {
    await post('/merges', { keep: s.person.id, drop: s.donor.entity.id });
    res.reload();
  };
  return html`<h2>Our people who give to ${e.name}</h2>
    ${res.loading && !g ? html`<${Loading} what="Looking for our givers" />` : null}
    <${ErrorBox} error=${res.error} />
    ${g
      ? html`${g.confirmed.length
          ? html`<ul class="givers">
              ${g.confirmed.map(
                (x) => html`<li><a href=${entityHref(x.entity.id)}>${x.entity.name}</a>${x.entity.title ? `, ${x.entity.title}` : ''}: ${money(x.total)} in ${x.gifts} ${x.gifts === 1 ? 'gift' : 'gifts'}${x.latest ? `, latest ${x.latest}` : ''}</li>`,
              )}
            </ul>`
          : html`<p>None of our people or their contacts is recorded as giving to ${e.name}${g.committees.length ? ' or the committees they lead' : ''}.</p>`}
        ${g.suggestions.length
          ? html`<h3>Probably ours, from FEC records</h3>
              <p class="muted">Not confirmed: these donor records look like our people. FEC rules forbid using contributor names to solicit money.</p>
              <ul class="givers">
                ${g.suggestions.map(
                  (s) => html`<li>
                    ${s.donor.entity.name} gave ${money(s.donor.total)}: probably <a href=${entityHref(s.person.id)}>${s.person.name}</a>
                    (${Math.round(100 * s.score)}% likely${s.ours ? ', one of ours' : ', a contact'})
                    ${canEdit() ? html` <button type="button" onClick=${() => merge(s)}>Confirm: same person</button>` : null}
                  </li>`,
                )}
              </ul>`
          : null}`
      : null}`;
}

entitySections.push({ id: 'givers', title: 'Our people who give', view: Givers, when: (e) => e.kind === 'official' });
