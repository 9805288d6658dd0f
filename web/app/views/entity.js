// The entity page: fields, relationships grouped by type, inner circle for
// officials, money in and out with totals per election cycle, and — for
// editors — editing with validation errors beside each field.

import { html, useState, useEffect } from '../html.js';
import { get, patch, post, request, enc } from '../api.js';
import { canEdit } from '../state.js';
import { mapHref, href } from '../router.js';
import { Loading, ErrorBox, KindBadge, EntityLink, Field, useAsync, money } from '../components.js';
import { SearchBox } from './searchbox.js';

/**
 * entitySections lets later features add a section to the entity page
 * (campaign status, interactions): push {id, title, when(entity), view}.
 */
export const entitySections = [];

const FIELDS = [
  ['name', 'Name'],
  ['title', 'Title'],
  ['party', 'Party'],
  ['chamber', 'Chamber'],
  ['district', 'District'],
  ['org_type', 'Organization type'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['source_url', 'Source'],
  ['notes', 'Notes'],
];

export function EntityView({ params }) {
  const id = params.id;
  const [version, setVersion] = useState(0);
  const ent = useAsync(() => request('GET', `/entities/${enc(id)}`), [id, version]);
  const rels = useAsync(() => allRelationships(id), [id, version]);
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [id]);

  if (ent.loading && !ent.data) return html`<${Loading} what="Loading the entity" />`;
  if (ent.error) return html`<${ErrorBox} error=${ent.error} onRetry=${ent.reload} />`;
  const e = ent.data.data;
  const etag = ent.data.etag;
  const editor = canEdit();
  return html`<article class="entity" aria-labelledby="entity-h">
    <header class="viewhead">
      <h1 id="entity-h">${e.name}</h1>
      <p class="sub"><${KindBadge} kind=${e.kind} ours=${e.ours} />${e.title ? ` · ${e.title}` : ''}${e.party ? ` · ${e.party}` : ''}${(e.labels || []).length ? ` · ${e.labels.join(', ')}` : ''}</p>
      <nav class="actions" aria-label="Entity actions">
        <a href=${mapHref(id, { depth: 1 })}>Map</a>
        <a href=${href('/who-knows', { to: id })}>Who knows ${e.name}?</a>
        ${e.kind === 'official' ? html`<a href=${href('/entity/' + encodeURIComponent(id) + '/brief')}>Brief</a>` : null}
        ${e.kind === 'official' ? html`<a href=${href('/entity/' + encodeURIComponent(id) + '/questions')}>Forum questions</a>` : null}
        ${editor && !editing ? html`<button type="button" onClick=${() => setEditing(true)}>Edit</button>` : null}
      </nav>
    </header>
    ${editing
      ? html`<${EntityEditor} entity=${e} etag=${etag} onDone=${(changed) => {
          setEditing(false);
          if (changed) setVersion((v) => v + 1);
        }} />`
      : html`<${EntityFields} entity=${e} />`}
    <section aria-labelledby="rels-h">
      <h2 id="rels-h">Relationships</h2>
      ${rels.loading ? html`<${Loading} what="Loading relationships" />` : null}
      <${ErrorBox} error=${rels.error} onRetry=${rels.reload} />
      ${rels.data ? html`<${Relationships} id=${id} items=${rels.data.items} more=${rels.data.more} />` : null}
      ${editor ? html`<${AddRelationship} entity=${e} onAdded=${() => setVersion((v) => v + 1)} />` : null}
    </section>
    ${rels.data ? html`<${Money} id=${id} items=${rels.data.items} />` : null}
    ${e.kind === 'official' ? html`<${InnerCircle} id=${id} />` : null}
    ${entitySections.filter((s) => !s.when || s.when(e)).map((s) => html`<section aria-label=${s.title} key=${s.id}><${s.view} entity=${e} /></section>`)}
  </article>`;
}

/** allRelationships reads up to 1,000 ties of an entity, page by page. */
async function allRelationships(id) {
  let items = [];
  let after = '';
  for (let i = 0; i < 10; i++) {
    const page = await get(`/entities/${enc(id)}/relationships`, { after, limit: 100 });
    items = items.concat(page.items || []);
    if (!page.next) return { items, more: false };
    after = page.next;
  }
  return { items, more: true };
}

function EntityFields({ entity: e }) {
  const rows = FIELDS.filter(([k]) => k !== 'name' && e[k]);
  return html`<dl class="fields">
    <dt>Id</dt><dd><code>${e.id}</code></dd>
    ${rows.map(([k, label]) => html`<dt>${label}</dt><dd>${k === 'source_url' ? html`<a href=${e[k]} rel="noopener noreferrer">${e[k]}</a>` : e[k]}</dd>`)}
    ${(e.aliases || []).length ? html`<dt>Also known as</dt><dd>${e.aliases.join('; ')}</dd>` : null}
    ${e.private ? html`<dt>Visibility</dt><dd>Private: editors and admins only</dd>` : null}
    ${Object.entries(e.props || {})
      .filter(([k]) => !k.startsWith('speaker_')) // the consent section (speakers.js) shows them by name
      .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
  </dl>`;
}

function EntityEditor({ entity, etag, onDone }) {
  const [form, setForm] = useState(() => ({
    ...Object.fromEntries(FIELDS.map(([k]) => [k, entity[k] || ''])),
    kind: entity.kind,
    labels: (entity.labels || []).join(', '),
    aliases: (entity.aliases || []).join('; '),
    ours: !!entity.ours,
    private: !!entity.private,
  }));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (ev) => setForm({ ...form, [k]: ev.currentTarget.type === 'checkbox' ? ev.currentTarget.checked : ev.currentTarget.value });
  useEffect(() => {
    // Move focus to the first field the server refused.
    const first = document.querySelector('.editor [aria-invalid="true"]');
    if (first) first.focus();
  }, [errors]);
  const save = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    const body = {
      ...Object.fromEntries(FIELDS.map(([k]) => [k, form[k].trim()])),
      kind: form.kind,
      labels: form.labels.split(',').map((s) => s.trim()).filter(Boolean),
      aliases: form.aliases.split(';').map((s) => s.trim()).filter(Boolean),
      ours: form.ours,
      private: form.private,
    };
    try {
      await patch(`/entities/${enc(entity.id)}`, body, { ifMatch: etag });
      onDone(true);
    } catch (err) {
      const fe = err.code === 'invalid' ? err.fieldErrors() : {};
      setErrors(fe);
      const shown = Object.keys(fe).some((k) => k && k in body);
      if (!shown) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="editor card" onSubmit=${save} aria-labelledby="edit-h" novalidate>
    <h2 id="edit-h">Edit ${entity.name}</h2>
    <${Field} label="Kind" name="kind" as="select" value=${form.kind} error=${errors.kind} onChange=${set('kind')}>
      ${['person', 'official', 'donor', 'organization'].map((k) => html`<option value=${k}>${k}</option>`)}
    <//>
    ${FIELDS.map(([k, label]) =>
      html`<${Field} label=${label} name=${k} as=${k === 'notes' ? 'textarea' : 'input'} value=${form[k]} error=${errors[k]} onInput=${set(k)} />`,
    )}
    <${Field} label="Labels" name="labels" hint="Comma-separated: staff, board, clergy…" value=${form.labels} error=${errors.labels} onInput=${set('labels')} />
    <${Field} label="Aliases" name="aliases" hint="Separated by semicolons" value=${form.aliases} error=${errors.aliases} onInput=${set('aliases')} />
    <label class="check"><input type="checkbox" name="ours" checked=${form.ours} onChange=${set('ours')} /> One of ours (our coalition)</label>
    <label class="check"><input type="checkbox" name="private" checked=${form.private} onChange=${set('private')} /> Private (hidden from viewers and exports)</label>
    <${ErrorBox} error=${error} />
    <div class="buttons">
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick=${() => onDone(false)}>Cancel</button>
    </div>
  </form>`;
}

const SYMMETRIC = new Set(['KNOWS', 'FRIEND_OF', 'FAMILY_OF', 'COLLEAGUE_OF']);

function typeLabel(t) {
  return t.toLowerCase().replace(/_/g, ' ');
}

function dates(r) {
  if (r.since && r.until) return `${r.since}–${r.until}`;
  if (r.since) return `since ${r.since}`;
  if (r.until) return `until ${r.until}`;
  return '';
}

function Relationships({ id, items, more }) {
  if (!items.length) return html`<p class="muted">No relationships recorded.</p>`;
  const groups = new Map();
  for (const n of items) {
    const t = n.relationship.type;
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t).push(n);
  }
  const sorted = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return html`<div class="relgroups">
    ${sorted.map(
      ([t, list]) => html`<section class="relgroup" data-type=${t} aria-label=${`${typeLabel(t)} (${list.length})`}>
        <h3>${typeLabel(t)} <span class="count">${list.length}</span></h3>
        <table>
          <thead><tr><th scope="col">With</th><th scope="col">Direction</th><th scope="col">Strength</th><th scope="col">Dates</th><th scope="col">Source</th></tr></thead>
          <tbody>
            ${list
              .slice()
              .sort((a, b) => b.relationship.strength - a.relationship.strength)
              .map(
                ({ relationship: r, entity: o }) => html`<tr data-rel=${r.id}>
                  <td><${EntityLink} id=${o.id} name=${o.name} /> <span class="muted">${o.kind}</span></td>
                  <td>${SYMMETRIC.has(t) ? 'mutual' : r.source === id ? `${typeLabel(t)} →` : `← ${typeLabel(t)}`}</td>
                  <td>${(r.strength || 0).toFixed(2)}</td>
                  <td>${dates(r)}${r.amount ? ` · ${money(r.amount)}` : ''}</td>
                  <td>${r.source_url ? html`<a href=${r.source_url} rel="noopener noreferrer">source</a>` : ''}</td>
                </tr>`,
              )}
          </tbody>
        </table>
      </section>`,
    )}
    ${more ? html`<p class="muted">Showing the first 1,000 relationships.</p>` : null}
  </div>`;
}

/** cycle is the two-year US election cycle a date falls in (2015 → 2016). */
export function cycle(date) {
  const y = parseInt(String(date || '').slice(0, 4), 10);
  if (!y) return 'undated';
  return String(y % 2 ? y + 1 : y);
}

function Money({ id, items }) {
  const gifts = items.filter((n) => n.relationship.type === 'DONATED_TO');
  if (!gifts.length) return null;
  const side = (dir) => {
    const rows = gifts.filter((n) => (dir === 'out' ? n.relationship.source === id : n.relationship.target === id));
    const totals = new Map();
    for (const { relationship: r } of rows) totals.set(cycle(r.date || r.since), (totals.get(cycle(r.date || r.since)) || 0) + (r.amount || 0));
    return { rows, totals: [...totals.entries()].sort((a, b) => b[0].localeCompare(a[0])) };
  };
  const inn = side('in');
  const out = side('out');
  const table = (title, s, who) =>
    s.rows.length
      ? html`<div class="money-side">
          <h3>${title}</h3>
          <table class="totals">
            <caption>Totals per cycle</caption>
            <thead><tr><th scope="col">Cycle</th><th scope="col" class="num">Total</th></tr></thead>
            <tbody>${s.totals.map(([c, t]) => html`<tr><td>${c}</td><td class="num">${money(t)}</td></tr>`)}</tbody>
          </table>
          <table>
            <thead><tr><th scope="col">${who}</th><th scope="col" class="num">Amount</th><th scope="col">Date</th></tr></thead>
            <tbody>
              ${s.rows
                .slice()
                .sort((a, b) => (b.relationship.amount || 0) - (a.relationship.amount || 0))
                .map(({ relationship: r, entity: o }) => html`<tr><td><${EntityLink} id=${o.id} name=${o.name} /></td><td class="num">${money(r.amount)}</td><td>${r.date || r.since || ''}</td></tr>`)}
            </tbody>
          </table>
        </div>`
      : null;
  return html`<section class="money" aria-labelledby="money-h">
    <h2 id="money-h">Money</h2>
    <div class="money-grid">
      ${table('Money in', inn, 'From')}
      ${table('Money out', out, 'To')}
    </div>
  </section>`;
}

function InnerCircle({ id }) {
  const ic = useAsync(() => get(`/entities/${enc(id)}/inner-circle`, { top: 10 }), [id]);
  return html`<section aria-labelledby="ic-h">
    <h2 id="ic-h">Inner circle</h2>
    <p class="muted">The people closest to them, closest first (personalized PageRank over the ties around them).</p>
    ${ic.loading ? html`<${Loading} what="Computing the inner circle" />` : null}
    <${ErrorBox} error=${ic.error} />
    ${ic.data
      ? html`<ol class="innercircle">
          ${(ic.data.results || []).map((r) => {
            const e = r.entity || r;
            const role = [e.title || e.kind, e.party, e.ours ? 'ours' : ''].filter(Boolean).join(' · ');
            return html`<li><${EntityLink} id=${e.id} name=${e.name} /><span class="muted role">, ${role}</span></li>`;
          })}
        </ol>`
      : null}
  </section>`;
}

function AddRelationship({ entity, onAdded }) {
  const [open, setOpen] = useState(false);
  const [types, setTypes] = useState([]);
  const [other, setOther] = useState(null);
  const [form, setForm] = useState({ type: 'KNOWS', direction: 'out', strength: '', since: '', until: '', amount: '', date: '', source_url: '', notes: '' });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  useEffect(() => {
    if (open && !types.length) get('/types').then((r) => setTypes(r.types || [])).catch(setError);
  }, [open]);
  const set = (k) => (ev) => setForm({ ...form, [k]: ev.currentTarget.value });
  if (!open) return html`<button type="button" onClick=${() => setOpen(true)}>Add a relationship</button>`;
  const submit = async (ev) => {
    ev.preventDefault();
    setErrors({});
    setError(null);
    setDone('');
    if (!other) {
      setErrors({ other: 'pick the entity at the other end' });
      return;
    }
    const num = (s) => (s.trim() === '' ? undefined : Number(s));
    const bad = {};
    for (const k of ['strength', 'amount']) if (num(form[k]) !== undefined && !Number.isFinite(num(form[k]))) bad[k] = 'must be a number';
    if (Object.keys(bad).length) {
      setErrors(bad);
      return;
    }
    const body = {
      source: form.direction === 'out' ? entity.id : other.id,
      target: form.direction === 'out' ? other.id : entity.id,
      type: form.type,
      strength: num(form.strength),
      since: form.since.trim() || undefined,
      until: form.until.trim() || undefined,
      amount: num(form.amount),
      date: form.date.trim() || undefined,
      source_url: form.source_url.trim() || undefined,
      notes: form.notes.trim() || undefined,
    };
    setBusy(true);
    try {
      await post('/relationships', body);
      setDone(`Added: ${entity.name} ${form.type.toLowerCase().replace(/_/g, ' ')} ${other.name}.`);
      setOther(null);
      onAdded();
    } catch (err) {
      const fe = err.code === 'invalid' ? err.fieldErrors() : {};
      if (fe.source || fe.target) fe.other = [fe.source, fe.target].filter(Boolean).join('; ');
      setErrors(fe);
      if (!Object.keys(fe).length) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="editor card addrel" onSubmit=${submit} aria-labelledby="addrel-h" novalidate>
    <h3 id="addrel-h">Add a relationship</h3>
    <div class=${'field' + (errors.other ? ' has-error' : '')} data-field="other">
      ${other
        ? html`<p>With <strong>${other.name}</strong> <button type="button" onClick=${() => setOther(null)}>Change</button></p>`
        : html`<${SearchBox} id="addrel-other" label="Other entity" placeholder="Search the other entity…" onPick=${setOther} />`}
      ${errors.other ? html`<span class="field-error" role="alert">${errors.other}</span>` : null}
    </div>
    <${Field} label="Type" name="type" as="select" value=${form.type} error=${errors.type} onChange=${set('type')}>
      ${(types.length ? types.map((t) => t.type) : [form.type]).map((t) => html`<option value=${t}>${typeLabel(t)}</option>`)}
    <//>
    <${Field} label="Direction" name="direction" as="select" value=${form.direction} onChange=${set('direction')}>
      <option value="out">${entity.name} → other</option>
      <option value="in">other → ${entity.name}</option>
    <//>
    <${Field} label="Strength" name="strength" hint="Between 0 and 1; empty uses the type's default" inputmode="decimal" value=${form.strength} error=${errors.strength} onInput=${set('strength')} />
    <${Field} label="Since" name="since" hint="YYYY, YYYY-MM or YYYY-MM-DD" value=${form.since} error=${errors.since} onInput=${set('since')} />
    <${Field} label="Until" name="until" value=${form.until} error=${errors.until} onInput=${set('until')} />
    ${form.type === 'DONATED_TO'
      ? html`<${Field} label="Amount (USD)" name="amount" inputmode="decimal" value=${form.amount} error=${errors.amount} onInput=${set('amount')} />
          <${Field} label="Date" name="date" value=${form.date} error=${errors.date} onInput=${set('date')} />`
      : null}
    <${Field} label="Source URL" name="source_url" value=${form.source_url} error=${errors.source_url} onInput=${set('source_url')} />
    <${Field} label="Notes" name="notes" as="textarea" value=${form.notes} error=${errors.notes} onInput=${set('notes')} />
    <${ErrorBox} error=${error} />
    ${done ? html`<p class="ok" role="status">${done}</p>` : null}
    <div class="buttons">
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Adding…' : 'Add relationship'}</button>
      <button type="button" onClick=${() => setOpen(false)}>Close</button>
    </div>
  </form>`;
}

