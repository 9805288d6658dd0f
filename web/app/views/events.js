// Events: the list of events we organized or brought people to (community
// meetings, lobby days, trainings, drives…), one event with who came and
// in what role, a form to record one, and two entity-page sections: an
// official's turnout report ("we brought 40 of your constituents…") and a
// person's leadership ladder. People are shown by name and role, never by
// raw id; someone the reader may not see is counted among the unnamed.
// The view is linked from the home page, the campaigns page and every
// turnout report and ladder, not from the main navigation, which must fit
// one line on a phone.

import { html, useState } from '../html.js';
import { get, post, enc } from '../api.js';
import { route, href, navigate } from '../router.js';
import { update, canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, Field, useAsync } from '../components.js';
import { entitySections } from './entity.js';
import { SearchBox } from './searchbox.js';

export const EVENT_TYPES = [
  ['community_meeting', 'Community meeting'],
  ['lobby_day', 'Lobby day at the capitol'],
  ['site_visit', 'Site visit'],
  ['candidate_forum', 'Candidate forum'],
  ['training', 'Training'],
  ['speaker_event', 'Speaker event'],
  ['voter_registration_drive', 'Voter-registration drive'],
];
const typeLabel = (t) => (EVENT_TYPES.find(([k]) => k === t) || [t, t])[1];
const ROLES = ['attendee', 'speaker', 'leader'];

const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** publish exposes what the events views show to end-to-end tests. */
function publish(patchState) {
  update({ events: { ...(window.__powermap.state.events || {}), ...patchState } });
}

/** Person shows an entity an event names: name linked, and title or role. */
function Person({ refs, id }) {
  const r = refs && refs[id];
  if (!r || !r.name) return html`<span class="muted">a former attendee</span>`;
  return html`<span class="named"><${EntityLink} id=${r.id} name=${r.name} />${r.title ? html`<span class="muted">, ${r.title}</span>` : null}</span>`;
}

const headcount = (e) => e.attendees.length + (e.unnamed || []).reduce((n, u) => n + u.count, 0);
const registered = (e) => (e.registered || []).reduce((n, u) => n + u.count, 0);
const district = (d) => (d ? `district ${d}` : 'no known district');

/** EventsView is #/events: every event, newest first, and a form for a new one. */
export function EventsView({ query }) {
  const type = query.get('type') || '';
  const res = useAsync(
    async (signal) => {
      const r = await get('/events', type ? { type } : null, { signal });
      publish({ list: r.items.map((e) => e.id) });
      return r;
    },
    [type],
  );
  const [opened, setAdding] = useState(false);
  const adding = canEdit() && (opened || query.get('new') === '1');
  const cancel = () => {
    setAdding(false);
    if (query.get('new')) navigate(href('/events', { type }));
  };
  return html`<section aria-labelledby="events-h">
    <header class="viewhead">
      <h1 id="events-h">Events</h1>
      ${canEdit() && !adding ? html`<button type="button" onClick=${() => setAdding(true)}>Record an event</button>` : null}
    </header>
    <p class="muted">Meetings, lobby days, trainings and drives we brought people to. Officials' pages add up the turnout of their constituents.</p>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Field} label="Type" name="type" as="select" value=${type} onChange=${(e) => navigate(href('/events', { type: e.currentTarget.value }))}>
        <option value="">All types</option>
        ${EVENT_TYPES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      <//>
    </form>
    ${adding ? html`<${NewEvent} onCancel=${cancel} />` : null}
    ${res.loading ? html`<${Loading} what="Loading events" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${res.data
      ? res.data.items.length === 0
        ? html`<p>No event yet.${canEdit() ? ' Record one with “Record an event”.' : ''}</p>`
        : html`<table class="events stack">
            <caption class="visually-hidden">Events, newest first</caption>
            <thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Type</th><th scope="col">Place</th><th scope="col" class="num">Came</th><th scope="col">Officials present</th></tr></thead>
            <tbody>
              ${res.data.items.map(
                (e) => html`<tr data-id=${e.id}>
                  <td data-label="Date">${e.date}</td>
                  <td data-label="Event"><a href=${href('/events/' + enc(e.id))}>${e.name}</a></td>
                  <td data-label="Type">${typeLabel(e.type)}</td>
                  <td data-label="Place">${e.place}</td>
                  <td data-label="Came" class="num">${headcount(e)}${registered(e) ? html`<span class="muted"> · ${registered(e)} registered</span>` : null}</td>
                  <td data-label="Officials present">${e.officials.map((id, i) => html`${i ? ', ' : ''}<${Person} refs=${res.data.entities} id=${id} />`)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      : null}
  </section>`;
}

/** EventView is #/events/:id: one event, who came and in what role. */
export function EventView({ params }) {
  const res = useAsync(
    async (signal) => {
      const e = await get('/events/' + enc(params.id), null, { signal });
      publish({ event: e });
      return e;
    },
    [params.id],
  );
  if (res.loading) return html`<${Loading} what="Loading the event" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const e = res.data;
  const byRole = (role) => e.attendees.filter((a) => a.role === role);
  return html`<article class="event" aria-labelledby="event-h">
    <p><a href="#/events">← Events</a></p>
    <h1 id="event-h">${e.name}</h1>
    <p class="lead">${typeLabel(e.type)} on ${e.date}${e.place ? ` at ${e.place}` : ''}: <strong>${headcount(e)} came</strong>${registered(e) ? html`, <strong>${registered(e)} people registered to vote</strong>` : null}.</p>
    ${e.notes ? html`<p>${e.notes}</p>` : null}
    ${e.officials.length
      ? html`<h2>Officials present</h2>
          <ul>${e.officials.map((id) => html`<li><${Person} refs=${e.entities} id=${id} /></li>`)}</ul>`
      : null}
    ${ROLES.slice()
      .reverse()
      .map((role) => {
        const list = byRole(role);
        if (!list.length) return null;
        const title = { leader: 'Led by', speaker: 'Speakers', attendee: 'Attendees' }[role];
        return html`<h2>${title} (${list.length})</h2>
          <ul class="attendees">${list.map((a) => html`<li><${Person} refs=${e.entities} id=${a.entity} />${a.district ? html`<span class="muted"> · from ${district(a.district)}</span>` : null}</li>`)}</ul>`;
      })}
    ${(e.unnamed || []).length
      ? html`<h2>Came unnamed</h2>
          <ul class="unnamed">${e.unnamed.map((u) => html`<li>${u.count} from ${district(u.district)}</li>`)}</ul>`
      : null}
    ${(e.registered || []).length
      ? html`<h2>Registered to vote</h2>
          <p class="muted">Counts only: a drive keeps no voter's personal data.</p>
          <ul class="registered">${e.registered.map((u) => html`<li>${u.count} in ${district(u.district)}</li>`)}</ul>`
      : null}
  </article>`;
}

/** CountRows edits a list of {district, count}. */
function CountRows({ label, name, rows, onChange, error }) {
  const set = (i, k) => (ev) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: ev.currentTarget.value } : r)));
  return html`<fieldset class="counts">
    <legend>${label}</legend>
    ${rows.map(
      (r, i) => html`<div class="count-row">
        <${Field} label="District" name=${`${name}-district-${i}`} value=${r.district} onInput=${set(i, 'district')} />
        <${Field} label="How many" name=${`${name}-count-${i}`} type="number" min="0" value=${r.count} onInput=${set(i, 'count')} />
        <button type="button" aria-label=${`Remove row ${i + 1} of ${label.toLowerCase()}`} onClick=${() => onChange(rows.filter((_, j) => j !== i))}>×</button>
      </div>`,
    )}
    ${error ? html`<span class="field-error" role="alert">${error}</span>` : null}
    <button type="button" onClick=${() => onChange([...rows, { district: '', count: '' }])}>Add a district</button>
  </fieldset>`;
}

/** fieldsUnder joins the errors of every field under a prefix ("attendees"). */
const fieldsUnder = (fe, prefix) =>
  Object.entries(fe)
    .filter(([k]) => k === prefix || k.startsWith(prefix + '[') || k.startsWith(prefix + '.'))
    .map(([k, v]) => (k === prefix ? v : `${k}: ${v}`))
    .join('; ');

/** NewEvent records an event: type-ahead pickers for officials and attendees. */
function NewEvent({ onCancel }) {
  const [form, setForm] = useState({ type: 'community_meeting', name: '', date: today(), place: '', notes: '' });
  const [officials, setOfficials] = useState([]);
  const [people, setPeople] = useState([]);
  const [unnamed, setUnnamed] = useState([]);
  const [reg, setReg] = useState([]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const fe = err ? err.fieldErrors() : {};
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const drive = form.type === 'voter_registration_drive';
  const counts = (rows) => rows.filter((r) => r.district !== '' || r.count !== '').map((r) => ({ district: r.district.trim(), count: Number(r.count) || 0 }));
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = {
        ...form,
        officials: officials.map((o) => o.id),
        attendees: people.map((p) => ({ entity: p.id, role: p.role })),
        unnamed: counts(unnamed),
      };
      if (drive) body.registered = counts(reg);
      const res = await post('/events', body);
      publish({ created: res.data });
      navigate(href('/events/' + enc(res.data.id)));
    } catch (x) {
      x.fieldErrorsShown = true;
      setErr(x);
      setBusy(false);
    }
  };
  return html`<form class="panel event-form" onSubmit=${submit} aria-label="Record an event">
    <h2>Record an event</h2>
    <${Field} label="Type" name="type" as="select" value=${form.type} onChange=${set('type')} error=${fe.type}>
      ${EVENT_TYPES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
    <//>
    <${Field} label="Name" name="name" value=${form.name} onInput=${set('name')} error=${fe.name} required hint="What it was: “Lobby day for the housing bill”" />
    <${Field} label="Date" name="date" type="date" value=${form.date} onInput=${set('date')} error=${fe.date} required />
    <${Field} label="Place" name="place" value=${form.place} onInput=${set('place')} error=${fe.place} />
    <fieldset>
      <legend>Officials present</legend>
      <ul class="chips" aria-label="Officials present">
        ${officials.map((o) => html`<li>${o.name}<span class="muted">${o.title ? `, ${o.title}` : ''}</span> <button type="button" aria-label=${'Remove ' + o.name} onClick=${() => setOfficials(officials.filter((x) => x.id !== o.id))}>×</button></li>`)}
      </ul>
      <${SearchBox} id="ev-official" label="Add an official" placeholder="Search officials by name…" onPick=${(e) => {
        if (e && e.id && !officials.some((o) => o.id === e.id)) setOfficials([...officials, { id: e.id, name: e.name, title: e.title }]);
      }} />
      ${fieldsUnder(fe, 'officials') ? html`<span class="field-error" role="alert">${fieldsUnder(fe, 'officials')}</span>` : null}
    </fieldset>
    <fieldset>
      <legend>People who came</legend>
      <ul class="chips attendee-chips" aria-label="People who came">
        ${people.map(
          (p, i) => html`<li>
            ${p.name}
            <label class="visually-hidden" for=${`ev-role-${i}`}>Role of ${p.name}</label>
            <select id=${`ev-role-${i}`} value=${p.role} onChange=${(ev) => setPeople(people.map((x, j) => (j === i ? { ...x, role: ev.currentTarget.value } : x)))}>
              ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}
            </select>
            <button type="button" aria-label=${'Remove ' + p.name} onClick=${() => setPeople(people.filter((x) => x.id !== p.id))}>×</button>
          </li>`,
        )}
      </ul>
      <${SearchBox} id="ev-attendee" label="Add a person who came" placeholder="Search people by name…" onPick=${(e) => {
        if (e && e.id && !people.some((p) => p.id === e.id)) setPeople([...people, { id: e.id, name: e.name, role: 'attendee' }]);
      }} />
      ${fieldsUnder(fe, 'attendees') ? html`<span class="field-error" role="alert">${fieldsUnder(fe, 'attendees')}</span>` : null}
    </fieldset>
    <${CountRows} label="Came unnamed, by district" name="unnamed" rows=${unnamed} onChange=${setUnnamed} error=${fieldsUnder(fe, 'unnamed')} />
    ${drive ? html`<${CountRows} label="Registered to vote, by district" name="registered" rows=${reg} onChange=${setReg} error=${fieldsUnder(fe, 'registered')} />` : null}
    <${Field} label="Notes" name="notes" as="textarea" value=${form.notes} onInput=${set('notes')} error=${fe.notes} />
    <${ErrorBox} error=${err} />
    <button type="submit" disabled=${busy}>Save the event</button>
    <button type="button" onClick=${onCancel}>Cancel</button>
  </form>`;
}

/** Turnout is an official's entity-page section: the turnout report. */
function Turnout({ entity }) {
  const res = useAsync(
    async (signal) => {
      const r = await get(`/entities/${enc(entity.id)}/turnout`, null, { signal });
      publish({ turnout: r });
      return r;
    },
    [entity.id],
  );
  if (res.loading) return html`<${Loading} what="Counting turnout" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const t = res.data;
  return html`<h2 id="turnout-h">Turnout of constituents, ${t.period}</h2>
    <p class="turnout-summary lead">${t.summary}</p>
    ${t.more.map((s) => html`<p class="turnout-more">${s}</p>`)}
    ${t.events.length
      ? html`<table class="turnout stack">
          <caption class="visually-hidden">Constituents at each event</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col" class="num">Constituents</th><th scope="col">Who</th></tr></thead>
          <tbody>
            ${t.events.map(
              (e) => html`<tr>
                <td data-label="Date">${e.event.date}</td>
                <td data-label="Event"><a href=${href('/events/' + enc(e.event.id))}>${e.event.name}</a> <span class="muted">(${e.event.label})</span></td>
                <td data-label="Constituents" class="num">${e.constituents}</td>
                <td data-label="Who">${(e.people || []).slice(0, 6).map((p, i) => html`${i ? ', ' : ''}<${EntityLink} id=${p.id} name=${p.name} />`)}${(e.people || []).length > 6 ? ` and ${e.people.length - 6} more named` : ''}${e.unnamed ? html`<span class="muted">${(e.people || []).length ? ' + ' : ''}${e.unnamed} unnamed</span>` : null}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : null}`;
}

const STEP_TEXT = { attended: 'Attended', trained: 'Trained', spoke: 'Spoke', led: 'Led' };

/** Ladder is a person's entity-page section: the leadership ladder. */
function Ladder({ entity }) {
  const res = useAsync(
    async (signal) => {
      const r = await get(`/entities/${enc(entity.id)}/ladder`, null, { signal });
      publish({ ladder: r });
      return r;
    },
    [entity.id],
  );
  if (res.loading) return html`<${Loading} what="Loading the ladder" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const l = res.data;
  return html`<h2>Leadership ladder</h2>
    <p class="ladder-summary">${l.summary}</p>
    <ol class="ladder" aria-label="Leadership ladder, first step first">
      ${l.rungs.map(
        (r) => html`<li class=${r.reached ? 'reached' : 'not-yet'} data-step=${r.step}>
          <strong>${STEP_TEXT[r.step]}</strong>
          <span class="muted">${r.reached ? ` ${r.count} ${r.count === 1 ? 'time' : 'times'}, first on ${r.first}` : ' not yet'}</span>
        </li>`,
      )}
    </ol>
    ${l.events.length
      ? html`<ul class="ladder-events">${l.events.slice(0, 8).map((e) => html`<li>${e.event.date}: <a href=${href('/events/' + enc(e.event.id))}>${e.event.name}</a> <span class="muted">(${e.role})</span></li>`)}</ul>`
      : null}`;
}

route('/events', EventsView, { title: 'Events' });
route('/events/:id', EventView, { title: 'Event' });
entitySections.push({ id: 'turnout', title: 'Turnout', when: (e) => e.kind === 'official', view: Turnout });
entitySections.push({ id: 'ladder', title: 'Leadership ladder', when: (e) => e.kind === 'person', view: Ladder });
