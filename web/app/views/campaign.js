// Campaigns: the list of campaigns, and one campaign's weekly outreach list
// (who to meet next, who makes the ask, and why), its power grid, its
// organizing log and its targets. The module registers its own routes,
// navigation entry and entity-page section through the router's and the
// entity page's hooks.

import { html, useState, useEffect } from '../html.js';
import { get, post, patch, enc } from '../api.js';
import { route, nav, href, navigate } from '../router.js';
import { update, canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, Field, useAsync } from '../components.js';
import { entitySections } from './entity.js';
import { SearchBox } from './searchbox.js';
import { PowerGrid } from './powergrid.js';

export const INTERACTION_TYPES = [
  ['one_on_one', 'One-on-one'],
  ['official_meeting', 'Meeting with an official'],
  ['site_visit', 'Site visit'],
  ['public_meeting_question', 'Question at a public meeting'],
  ['candidate_forum', 'Candidate forum'],
  ['community_meeting', 'Community meeting'],
  ['lobby_day', 'Lobby day'],
  ['voter_registration_drive', 'Voter registration drive'],
  ['training', 'Training'],
  ['call', 'Call'],
  ['email', 'Email'],
];
const typeLabel = (t) => (INTERACTION_TYPES.find(([k]) => k === t) || [t, t])[1];

const STATUSES = ['not_asked', 'asked', 'committed', 'declined'];
const statusLabel = (s) => s.replaceAll('_', ' ');

export { QUADRANTS } from './powergrid.js';

const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** refOf finds an entity an answer names in its `entities` map: {id, name, kind, title, ours}. */
const refOf = (refs, id) => (refs && refs[id]) || { id, name: '' };

/**
 * Named shows an entity an answer names: its name linked to its page, and
 * its title or role. An entity the caller may not see has no ref and is
 * shown as "someone hidden", never by its id.
 */
function Named({ entity: r }) {
  if (!r || !r.name) return html`<span class="muted">someone hidden</span>`;
  return html`<span class="named"><${EntityLink} id=${r.id} name=${r.name} />${r.title ? html`<span class="muted">, ${r.title}</span>` : null}${r.ours ? html` <span class="ours" title="One of ours">ours</span>` : null}</span>`;
}

/** publish exposes what the campaign view shows to end-to-end tests. */
function publish(patchState) {
  update({ campaign: { ...(window.__powermap.state.campaign || {}), ...patchState } });
}

/** CampaignList is #/campaigns: every campaign, and a form for a new one. */
export function CampaignList() {
  const res = useAsync((signal) => get('/campaigns', null, { signal }), []);
  const [creating, setCreating] = useState(false);
  return html`<section aria-labelledby="campaigns-h">
    <header class="viewhead">
      <h1 id="campaigns-h">Campaigns</h1>
      <a href="#/events">Events and turnout</a>
      ${canEdit() && !creating ? html`<button type="button" onClick=${() => setCreating(true)}>New campaign</button>` : null}
    </header>
    ${creating ? html`<${NewCampaign} onCancel=${() => setCreating(false)} />` : null}
    ${res.loading ? html`<${Loading} what="Loading campaigns" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${res.data
      ? res.data.items.length === 0
        ? html`<p>No campaign yet.${canEdit() ? ' Start one with “New campaign”.' : ''}</p>`
        : html`<table class="campaigns stack">
            <caption class="visually-hidden">Campaigns</caption>
            <thead><tr><th scope="col">Campaign</th><th scope="col">Ask</th><th scope="col">Dates</th><th scope="col" class="num">Targets</th><th scope="col" class="num">Committed</th></tr></thead>
            <tbody>
              ${res.data.items.map(
                (c) => html`<tr data-id=${c.id}>
                  <td data-label="Campaign"><a href=${href('/campaigns/' + enc(c.id))}>${c.name}</a></td>
                  <td data-label="Ask">${c.ask}</td>
                  <td data-label="Dates">${c.start} – ${c.end || 'open'}</td>
                  <td class="num" data-label="Targets">${c.targets.length}</td>
                  <td class="num" data-label="Committed">${c.targets.filter((t) => t.status === 'committed').length}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      : null}
  </section>`;
}

function NewCampaign({ onCancel }) {
  const issues = useAsync((signal) => get('/issues', { limit: 200 }, { signal }), []);
  const [form, setForm] = useState({ name: '', issue: '', ask: '', start: today(), end: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const fe = err ? err.fieldErrors() : {};
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = { ...form, targets: [] };
      if (!body.end) delete body.end;
      const res = await post('/campaigns', body);
      navigate(href('/campaigns/' + enc(res.data.id), { tab: 'targets' }));
    } catch (x) {
      x.fieldErrorsShown = true;
      setErr(x);
      setBusy(false);
    }
  };
  return html`<form class="panel" onSubmit=${submit} aria-label="New campaign">
    <${Field} label="Name" name="name" value=${form.name} onInput=${set('name')} error=${fe.name} required />
    <${Field} label="Issue" name="issue" as="select" value=${form.issue} onChange=${set('issue')} error=${fe.issue} required>
      <option value="">Choose an issue…</option>
      ${(issues.data ? issues.data.items : []).map((i) => html`<option value=${i.id}>${i.name}</option>`)}
    <//>
    <${Field} label="Ask" name="ask" value=${form.ask} onInput=${set('ask')} error=${fe.ask} hint="What the targets should commit to" />
    <${Field} label="Start" name="start" type="date" value=${form.start} onInput=${set('start')} error=${fe.start} />
    <${Field} label="End" name="end" type="date" value=${form.end} onInput=${set('end')} error=${fe.end} />
    <${ErrorBox} error=${err} />
    <button type="submit" disabled=${busy}>Create</button>
    <button type="button" onClick=${onCancel}>Cancel</button>
  </form>`;
}

const TABS = [
  ['outreach', 'This week'],
  ['grid', 'Power grid'],
  ['log', 'Organizing log'],
  ['targets', 'Targets'],
];

/** CampaignView is #/campaigns/:id?tab=outreach|grid|log|targets. */
export function CampaignView({ params, query }) {
  const id = params.id;
  const tab = query.get('tab') || 'outreach';
  const [version, setVersion] = useState(0);
  const res = useAsync(
    async (signal) => {
      // GET /campaigns/{id} names its issue, owner and targets in `entities`.
      const c = await get(`/campaigns/${enc(id)}`, null, { signal });
      return { ...c, entities: c.entities || {} };
    },
    [id, version],
  );
  useEffect(() => publish({ id }), [id]);
  if (res.loading && !res.data) return html`<${Loading} what="Loading the campaign" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const c = res.data;
  const changed = () => setVersion((v) => v + 1);
  return html`<article class="campaign" aria-labelledby="campaign-h">
    <header class="viewhead">
      <h1 id="campaign-h">${c.name}</h1>
      <p class="muted">${c.ask ? html`Ask: ${c.ask}. ` : null}Issue: <${EntityLink} id=${c.issue} name=${refOf(c.entities, c.issue).name || 'hidden'} />. ${c.start} – ${c.end || 'open'}.</p>
    </header>
    <nav class="tabs" aria-label="Campaign views">
      <p>
        ${TABS.map(
          ([k, label], i) => html`${i ? ' · ' : ''}<a href=${href('/campaigns/' + enc(id), { tab: k })} aria-current=${tab === k ? 'page' : undefined}>${tab === k ? html`<strong>${label}</strong>` : label}</a>`,
        )}
      </p>
    </nav>
    ${tab === 'outreach' ? html`<${Outreach} campaign=${c} week=${query.get('week') || ''} />` : null}
    ${tab === 'grid' ? html`<${PowerGrid} campaign=${c} onData=${(grid) => publish({ grid })} />` : null}
    ${tab === 'log' ? html`<${Log} campaign=${c} />` : null}
    ${tab === 'targets' ? html`<${Targets} campaign=${c} onChange=${changed} />` : null}
  </article>`;
}

const CHANGE_TEXT = { new: 'new', up: '▲ up', down: '▼ down', same: 'same' };

/** isoWeek names the ISO week (Monday to Sunday) of a local date: "2026-W49". */
export function isoWeek(d) {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day); // the Thursday of the week names its year
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** weekAfter names the week after a week: "2026-W49" → "2026-W50". */
function weekAfter(w) {
  const m = /^(\d{4})-W(\d{2})$/.exec(w);
  if (!m) return '';
  // The Monday of week 1 is the Monday on or before 4 January.
  const jan4 = new Date(Number(m[1]), 0, 4);
  const monday = new Date(jan4);
  monday.setDate(jan4.getDate() - ((jan4.getDay() || 7) - 1) + (Number(m[2]) - 1) * 7 + 7);
  return isoWeek(monday);
}

function Outreach({ campaign, week }) {
  const [version, setVersion] = useState(0);
  const [logging, setLogging] = useState(null); // the entry being logged
  const weeks = useAsync((signal) => get(`/campaigns/${enc(campaign.id)}/outreach/weeks`, null, { signal }), [campaign.id, version]);
  const res = useAsync(
    (signal) => get(`/campaigns/${enc(campaign.id)}/outreach`, { week }, { signal }),
    [campaign.id, week, version],
  );
  useEffect(() => {
    if (res.data) publish({ outreach: res.data });
  }, [res.data]);
  const current = weeks.data ? weeks.data.current : '';
  const next = current ? weekAfter(current) : '';
  const now = new Date();
  const sunday = now.getDay() === 0;
  const shown = res.data ? res.data.week : week;
  const options = weeks.data ? [...new Set([...weeks.data.weeks, current, ...(sunday || shown === next ? [next] : [])])].sort().reverse() : [];
  const base = `/api/v1/campaigns/${enc(campaign.id)}/outreach?week=${enc(shown || '')}`;
  const weekHref = (w) => href('/campaigns/' + enc(campaign.id), { tab: 'outreach', week: w });
  const when = !shown || shown === current ? 'this week' : shown === next ? `next week (${shown})` : `in ${shown}`;
  const day = today();
  return html`<section aria-labelledby="outreach-h" class="outreach-view">
    <h2 id="outreach-h">Who to meet ${when}</h2>
    ${sunday && current && shown === current
      ? html`<p class="sunday" role="note">It's Sunday: this week is nearly over. <a href=${weekHref(next)}>Plan next week (${next}) →</a></p>`
      : null}
    <form class="toolbar" onSubmit=${(e) => e.preventDefault()} aria-label="Week">
      <div class="field">
        <label for="outreach-week">Week</label>
        <select id="outreach-week" value=${shown} onChange=${(e) => navigate(weekHref(e.currentTarget.value))}>
          ${options.map((w) => html`<option value=${w}>${w}${w === current ? ' (this week)' : w === next ? ' (next week)' : ''}</option>`)}
        </select>
      </div>
      <p class="exports">
        Export: <a href=${base + '&format=csv'} download>CSV</a> · <a href=${base + '&format=ics'} download>Calendar (.ics)</a> ·
        <button type="button" onClick=${() => window.print()}>Print</button>
      </p>
    </form>
    ${res.loading && !res.data ? html`<${Loading} what="Ranking who to meet" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${logging
      ? html`<${LogForm}
          campaign=${campaign}
          entry=${logging}
          onDone=${() => {
            setLogging(null);
            setVersion((v) => v + 1);
          }}
          onCancel=${() => setLogging(null)}
        />`
      : null}
    ${res.data
      ? html`<p class="status" role="status">
            ${res.data.entries.length} people, best first${res.data.compared_to ? html`, compared with ${res.data.compared_to}` : ''}.
            ${(() => {
              const late = res.data.entries.filter((e) => isOverdue(e, day)).length;
              return late ? html` <strong class="overdue-count">${late} overdue.</strong>` : null;
            })()}
          </p>
          <ol class="outreach">
            ${res.data.entries.map((e) => html`<${OutreachEntry} entry=${e} today=${day} onLog=${canEdit() ? () => setLogging(e) : null} />`)}
          </ol>
          ${res.data.dropped && res.data.dropped.length
            ? html`<p>Dropped since ${res.data.compared_to}: ${res.data.dropped.map((d, i) => html`${i ? ', ' : ''}<${EntityLink} id=${d.person.id} name=${d.person.name} /> (was ${d.previous_rank})`)}</p>`
            : null}`
      : null}
  </section>`;
}

/** isOverdue reports a suggested action due before today, with nobody met this week. */
function isOverdue(e, day) {
  return e.status !== 'met_this_week' && !!e.action.due && e.action.due < day;
}

function pathText(p) {
  return p.nodes.map((n) => n.name).join(' → ');
}

/** Contact shows how to reach a messenger of ours: role, phone, email. */
function Contact({ m }) {
  const p = m.person;
  const bits = [];
  if (p.title) bits.push(html`<span>${p.title}</span>`);
  if (m.phone) bits.push(html`<a href=${'tel:' + m.phone.replace(/[^\d+]/g, '')}>${m.phone}</a>`);
  if (m.email) bits.push(html`<a href=${'mailto:' + m.email}>${m.email}</a>`);
  if (p.ours && !m.phone && !m.email) bits.push(html`<span class="muted">no phone or email on file</span>`);
  return html`<span class="contact">${bits.map((b, i) => html`${i ? ' · ' : ''}${b}`)}</span>`;
}

function OutreachEntry({ entry: e, today: day, onLog }) {
  const person = e.person.id ? html`<${EntityLink} id=${e.person.id} name=${e.person.name} />` : e.person.name;
  const late = isOverdue(e, day);
  const m = e.messenger;
  return html`<li class=${'outreach-entry' + (late ? ' overdue' : '')} data-id=${e.person.id} data-rank=${e.rank}>
    <div class="line">
      <span class="person">
        <strong>${person}</strong>
        ${e.change ? html` <span class=${'badge change-' + e.change}>${CHANGE_TEXT[e.change]}${e.previous_rank && e.change !== 'same' ? ` from ${e.previous_rank}` : ''}</span>` : null}
        <span class="muted role">${e.person.title || e.role}</span>
      </span>
      <span class="what">${typeLabel(e.action.type)}</span>
      <span class="via">${m ? html`via <strong>${m.person.name}</strong>${m.person.title ? html` <span class="muted">(${m.person.title})</span>` : null}${m.phone ? html`<span class="print-only"> ${m.phone}</span>` : null}` : html`<span class="muted">no path: reach out cold</span>`}</span>
      <span class="due">
        ${late ? html`<span class="badge overdue" title="Overdue">overdue</span> ` : null}due <time datetime=${e.action.due}>${e.action.due}</time>
      </span>
      ${onLog && e.person.id ? html`<button type="button" class="log-btn" aria-label=${`Log contact with ${e.person.name}`} onClick=${onLog}>Log contact</button>` : null}
    </div>
    <details class="more">
      <summary>Details for ${e.person.name}</summary>
      <p><strong>${typeLabel(e.action.type)}</strong>, due ${e.action.due}: ${e.action.text}</p>
      <p class="muted">${e.role}</p>
      ${e.leads.length
        ? html`<p>Leads to ${e.leads.map((l, i) => html`${i ? '; ' : ''}<${EntityLink} id=${l.target.id} name=${l.target.name} /> (${l.priority}, ${statusLabel(l.status)}): ${l.how}`)}</p>`
        : null}
      <p>
        ${m
          ? html`Messenger: <strong>${m.person.name}</strong>${m.person.ours ? html` <span class="ours" title="One of ours">ours</span>` : null}${m.constituent ? ' (a constituent)' : ''}
              <br /><${Contact} m=${m} />
              ${m.path.hops.length ? html`<br />Introduction: ${pathText(m.path)} (strength ${m.path.strength.toFixed(2)})` : null}`
          : 'No introduction path from our people: reach out cold.'}
      </p>
      <p class="muted">
        ${statusLabel(e.status)}${e.last_contact ? ` · last contact ${e.last_contact}` : ''}${e.follow_up ? ` · follow-up ${e.follow_up}` : ''}
      </p>
      <details>
        <summary>Why: score ${e.score.toPrecision(3)}</summary>
        <table class="factors">
          <caption class="visually-hidden">Score factors; the score is their product</caption>
          <thead><tr><th scope="col">Factor</th><th scope="col" class="num">Value</th><th scope="col">Because</th></tr></thead>
          <tbody>${e.factors.map((f) => html`<tr><td>${f.name.replace('_', '-')}</td><td class="num">${f.value}</td><td>${f.note}</td></tr>`)}</tbody>
        </table>
      </details>
    </details>
  </li>`;
}

/** LogForm records an interaction; from an outreach entry it starts with the entry's person and messenger. */
function LogForm({ campaign, entry, onDone, onCancel }) {
  const first = [];
  if (entry && entry.messenger && entry.messenger.person.id) first.push(entry.messenger.person);
  else if (campaign.owner && refOf(campaign.entities, campaign.owner).name) first.push(refOf(campaign.entities, campaign.owner));
  if (entry && entry.person.id) first.push(entry.person);
  const [people, setPeople] = useState(first);
  const [form, setForm] = useState({
    type: entry ? entry.action.type : 'one_on_one',
    date: today(),
    outcome: '',
    notes: '',
    follow_up: '',
    count: '',
  });
  const [q, setQ] = useState('');
  const [hits, setHits] = useState([]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const fe = err ? err.fieldErrors() : {};
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  useEffect(() => {
    if (q.trim().length < 2) return setHits([]);
    const ctl = new AbortController();
    get('/search', { q, limit: 8 }, { signal: ctl.signal })
      .then((r) => setHits(r.items || r.results || []))
      .catch(() => {});
    return () => ctl.abort();
  }, [q]);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = { ...form, campaign: campaign.id, participants: people.map((p) => p.id), count: Number(form.count) || 0 };
      if (!body.follow_up) delete body.follow_up;
      const res = await post('/interactions', body);
      publish({ logged: res.data });
      onDone(res.data);
    } catch (x) {
      x.fieldErrorsShown = true;
      setErr(x);
      setBusy(false);
    }
  };
  return html`<form class="panel log-form" onSubmit=${submit} aria-label="Log an interaction">
    <h3>Log an interaction${entry ? ` with ${entry.person.name}` : ''}</h3>
    <${Field} label="Type" name="type" as="select" value=${form.type} onChange=${set('type')} error=${fe.type}>
      ${INTERACTION_TYPES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
    <//>
    <${Field} label="Date" name="date" type="date" value=${form.date} onInput=${set('date')} error=${fe.date} />
    <fieldset>
      <legend>Participants</legend>
      <ul class="chips">
        ${people.map(
          (p) => html`<li>${p.name || p.id} <button type="button" aria-label=${'Remove ' + (p.name || p.id)} onClick=${() => setPeople(people.filter((x) => x.id !== p.id))}>×</button></li>`,
        )}
      </ul>
      <${Field} label="Add a participant" name="participant-search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} error=${fe.participants} autocomplete="off" />
      ${hits.length
        ? html`<ul class="hits" aria-label="Matching people">
            ${hits.map(
              (h) => html`<li><button type="button" onClick=${() => {
                if (!people.some((p) => p.id === h.id)) setPeople([...people, { id: h.id, name: h.name }]);
                setQ('');
              }}>Add ${h.name}</button></li>`,
            )}
          </ul>`
        : null}
    </fieldset>
    <${Field} label="Outcome" name="outcome" value=${form.outcome} onInput=${set('outcome')} error=${fe.outcome} />
    <${Field} label="Follow up on" name="follow_up" type="date" value=${form.follow_up} onInput=${set('follow_up')} error=${fe.follow_up} />
    <${Field} label="Count (drives and turnout)" name="count" type="number" min="0" value=${form.count} onInput=${set('count')} error=${fe.count} />
    <${Field} label="Notes" name="notes" as="textarea" value=${form.notes} onInput=${set('notes')} error=${fe.notes} />
    <${ErrorBox} error=${err} />
    <button type="submit" disabled=${busy}>Save to the log</button>
    <button type="button" onClick=${onCancel}>Cancel</button>
  </form>`;
}

function Log({ campaign }) {
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(false);
  const res = useAsync((signal) => get('/interactions', { campaign: campaign.id, limit: 200 }, { signal }), [campaign.id, version]);
  return html`<section aria-labelledby="log-h">
    <h2 id="log-h">Organizing log</h2>
    ${canEdit() && !open ? html`<button type="button" onClick=${() => setOpen(true)}>Log an interaction</button>` : null}
    ${open
      ? html`<${LogForm}
          campaign=${campaign}
          onDone=${() => {
            setOpen(false);
            setVersion((v) => v + 1);
          }}
          onCancel=${() => setOpen(false)}
        />`
      : null}
    ${res.loading && !res.data ? html`<${Loading} what="Loading the log" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${res.data
      ? html`<table class="log stack">
          <caption class="visually-hidden">Interactions, newest first</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Outcome</th><th scope="col">Follow-up</th></tr></thead>
          <tbody>
            ${res.data.items.map(
              (i) => html`<tr data-id=${i.id}>
                <td data-label="Date">${i.date}</td>
                <td data-label="What">${typeLabel(i.type)}${i.count ? ` (${i.count})` : ''}</td>
                <td data-label="Who"><ul class="people">${i.participants.map((p) => html`<li><${Named} entity=${refOf(res.data.entities, p)} /></li>`)}</ul></td>
                <td data-label="Outcome">${i.outcome || ''}</td>
                <td data-label="Follow-up">${i.follow_up || ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : null}
  </section>`;
}

function Targets({ campaign, onChange }) {
  const [err, setErr] = useState(null);
  const [addErr, setAddErr] = useState(null);
  const editor = canEdit();
  const change = async (t, body) => {
    setErr(null);
    try {
      await patch(`/campaigns/${enc(campaign.id)}/targets/${enc(t.entity)}`, body);
      onChange();
    } catch (x) {
      setErr(x);
    }
  };
  const add = async (picked) => {
    setAddErr(null);
    try {
      await post(`/campaigns/${enc(campaign.id)}/targets`, { entity: picked.id });
      onChange();
    } catch (x) {
      setAddErr(x);
    }
  };
  return html`<section aria-labelledby="targets-h">
    <h2 id="targets-h">Targets</h2>
    <${ErrorBox} error=${err} />
    <table class="targets stack">
      <caption class="visually-hidden">The officials the campaign asks</caption>
      <thead><tr><th scope="col">Official</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Commitment</th><th scope="col">Notes</th></tr></thead>
      <tbody>
        ${campaign.targets.map(
          (t) => html`<tr data-id=${t.entity}>
            <td data-label="Official"><${Named} entity=${refOf(campaign.entities, t.entity)} /></td>
            <td data-label="Priority">${t.priority}</td>
            <td data-label="Status">
              ${editor
                ? html`<label class="visually-hidden" for=${'st-' + t.entity}>Status of ${refOf(campaign.entities, t.entity).name || 'this target'}</label>
                    <select id=${'st-' + t.entity} value=${t.status} onChange=${(e) => change(t, { status: e.currentTarget.value })}>
                      ${STATUSES.map((s) => html`<option value=${s}>${statusLabel(s)}</option>`)}
                    </select>`
                : statusLabel(t.status)}
            </td>
            <td data-label="Commitment">${t.status === 'committed' ? html`${t.commitment || 'Committed'}${t.committed_on ? html` <span class="muted">(${t.committed_on})</span>` : null}` : html`<span class="muted">none yet</span>`}</td>
            <td data-label="Notes">${t.notes || ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${editor
      ? html`<div class="add-target" role="group" aria-labelledby="add-target-h">
          <h3 id="add-target-h">Add a target</h3>
          <p class="hint" id="add-target-hint">Type part of an official's name and pick them from the list; targets must be officials.</p>
          <${SearchBox} id="add-target" label="Official to add as a target" placeholder="Search officials by name…" onPick=${add} />
          <${ErrorBox} error=${addErr} />
        </div>`
      : null}
  </section>`;
}

/** EntityCampaigns is the entity page's section: campaigns that target the entity, and its recent contacts. */
function EntityCampaigns({ entity }) {
  const res = useAsync(
    async (signal) => {
      const [cs, log] = await Promise.all([
        get('/campaigns', null, { signal }),
        get('/interactions', { entity: entity.id, limit: 5 }, { signal }),
      ]);
      return { campaigns: cs.items.filter((c) => c.targets.some((t) => t.entity === entity.id)), log: log.items };
    },
    [entity.id],
  );
  if (res.loading || res.error || !res.data) return null;
  const { campaigns, log } = res.data;
  if (!campaigns.length && !log.length) return null;
  return html`<h2>Organizing</h2>
    ${campaigns.map((c) => {
      const t = c.targets.find((x) => x.entity === entity.id);
      return html`<p>Target of <a href=${href('/campaigns/' + enc(c.id))}>${c.name}</a>: ${t.priority}, ${statusLabel(t.status)}${t.status === 'committed' ? ` on ${t.committed_on}` : ''}.</p>`;
    })}
    ${log.length
      ? html`<p>Recent contacts:</p>
          <ul>${log.map((i) => html`<li>${i.date}: ${typeLabel(i.type)}${i.outcome ? ` — ${i.outcome}` : ''}${i.follow_up ? ` (follow up ${i.follow_up})` : ''}</li>`)}</ul>`
      : null}`;
}

route('/campaigns', CampaignList, { title: 'Campaigns' });
route('/campaigns/:id', CampaignView, { title: 'Campaign' });
nav('Campaigns', '#/campaigns', { match: '/campaigns' });
entitySections.push({ id: 'campaigns', title: 'Organizing', view: EntityCampaigns });
