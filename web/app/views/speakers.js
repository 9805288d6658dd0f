// Speakers: the clients and members who agreed to tell in public how the
// agency helped them. #/speakers lists those whose consent is in force,
// with its scope, its date and the issues of their story, and finds the
// speakers to bring to an event or to a target (?event=ID, ?target=ID).
// A person's entity page shows their consent, and lets an editor record it
// or withdraw it: one write, after which the person is in no list of
// speakers, no match, no outreach list as a client messenger and no brief.
// Speakers are private by default: a viewer sees only public members.

import { html, useState } from '../html.js';
import { get, put, post, enc } from '../api.js';
import { route, href, navigate } from '../router.js';
import { update, canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, Field, useAsync } from '../components.js';
import { entitySections } from './entity.js';
import { SearchBox } from './searchbox.js';

export const SCOPES = [
  ['public', 'Events and press'],
  ['events', 'Events only'],
  ['internal', 'Internal only (trainings)'],
];

const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/** publish exposes what the speakers views show to end-to-end tests. */
function publish(patchState) {
  update({ speakers: { ...(window.__powermap.state.speakers || {}), ...patchState } });
}

const topicNames = (ts) => ts.map((t) => t.name).join(', ');

/** SpeakersView is #/speakers: the speakers, and matches for an event or a target. */
export function SpeakersView({ query }) {
  const scope = query.get('scope') || '';
  const target = query.get('target') || '';
  const event = query.get('event') || '';
  const res = useAsync(
    async (signal) => {
      const r = await get('/speakers', scope ? { scope } : null, { signal });
      publish({ list: r.items.map((s) => s.person.name) });
      return r;
    },
    [scope],
  );
  const events = useAsync((signal) => get('/events', { limit: 50 }, { signal }), []);
  const go = (q) => navigate(href('/speakers', { scope, target, event, ...q }));
  return html`<section aria-labelledby="speakers-h">
    <header class="viewhead"><h1 id="speakers-h">Speakers</h1></header>
    <p class="muted">People who agreed to tell in public how the agency helped them. Record or withdraw a consent on the person's page.</p>
    <form class="filters speaker-find" onSubmit=${(e) => e.preventDefault()} aria-label="Find speakers">
      <${Field} label="Consent" name="scope" as="select" value=${scope} onChange=${(e) => go({ scope: e.currentTarget.value })}>
        <option value="">Every scope</option>
        ${SCOPES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      <//>
      <${Field} label="Speakers for an event" name="event" as="select" value=${event} onChange=${(e) => go({ event: e.currentTarget.value, target: '' })}>
        <option value="">Pick an event…</option>
        ${((events.data && events.data.items) || []).map((e) => html`<option value=${e.id}>${e.date} · ${e.name}</option>`)}
      <//>
      <${SearchBox} id="speaker-target" label="Speakers for a target" placeholder="Search officials by name…" onPick=${(e) => e && e.id && go({ target: e.id, event: '' })} />
    </form>
    ${target || event ? html`<${Matches} target=${target} event=${event} />` : null}
    <h2 id="speaker-list-h">Consenting speakers</h2>
    ${res.loading ? html`<${Loading} what="Loading speakers" />` : null}
    <${ErrorBox} error=${res.error} onRetry=${res.reload} />
    ${res.data
      ? res.data.items.length === 0
        ? html`<p>No speaker yet.</p>`
        : html`<table class="speakers stack" aria-labelledby="speaker-list-h">
            <thead><tr><th scope="col">Name</th><th scope="col">District</th><th scope="col">Consent</th><th scope="col">Since</th><th scope="col">Story about</th></tr></thead>
            <tbody>
              ${res.data.items.map(
                (s) => html`<tr data-id=${s.person.id}>
                  <td data-label="Name"><${EntityLink} id=${s.person.id} name=${s.person.name} /></td>
                  <td data-label="District">${s.district || ''}</td>
                  <td data-label="Consent">${s.recorded ? s.scope_label : html`<span class="muted">not recorded</span>`}</td>
                  <td data-label="Since">${s.consent.date || ''}</td>
                  <td data-label="Story about">${topicNames(s.topics)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      : null}
  </section>`;
}

/** Matches shows the speakers matched to a target or an event, best first. */
function Matches({ target, event }) {
  const res = useAsync(
    async (signal) => {
      const path = target ? `/entities/${enc(target)}/speakers` : `/events/${enc(event)}/speakers`;
      const r = await get(path, null, { signal });
      publish({ matches: r.items.map((m) => m.person.name) });
      return r;
    },
    [target, event],
  );
  if (res.loading) return html`<${Loading} what="Matching speakers" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const m = res.data;
  const what = m.target ? m.target.name : `${m.event.name} (${m.event.date})`;
  return html`<section class="panel speaker-matches" aria-labelledby="matches-h">
    <h2 id="matches-h">Speakers for ${what}</h2>
    ${m.issues.length ? html`<p class="muted">Cares about ${topicNames(m.issues)}.</p>` : null}
    ${m.items.length === 0
      ? html`<p>No speaker matches.</p>`
      : html`<ol class="matches">
          ${m.items.map((s) => html`<li data-id=${s.person.id}><${EntityLink} id=${s.person.id} name=${s.person.name} />: ${s.why}</li>`)}
        </ol>`}
  </section>`;
}

/** Consent is a person's entity-page section: their consent to speak. */
function Consent({ entity }) {
  const [version, setVersion] = useState(0);
  const res = useAsync(
    async (signal) => {
      const r = await get(`/entities/${enc(entity.id)}/consent`, null, { signal });
      publish({ consent: r });
      return r;
    },
    [entity.id, version],
  );
  if (res.loading && !res.data) return html`<${Loading} what="Loading the consent" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const s = res.data;
  const c = s.consent;
  const inForce = s.recorded && !c.withdrawn;
  let status;
  if (!s.recorded) status = 'No consent to speak on record.';
  else if (c.withdrawn) status = `Consent to speak (${s.scope_label}) given ${c.date}, withdrawn ${c.withdrawn}.`;
  else status = `Consents to speak: ${s.scope_label}, since ${c.date}.`;
  return html`<h2>Consent to speak</h2>
    <p class="consent-status">${status}</p>
    ${s.topics.length ? html`<p>Story about ${topicNames(s.topics)}.</p>` : null}
    ${canEdit() ? html`<${ConsentForm} entity=${entity} speaker=${s} inForce=${inForce} onDone=${() => setVersion(version + 1)} />` : null}`;
}

/** ConsentForm records a consent (scope, date, topics) or withdraws it. */
function ConsentForm({ entity, speaker, inForce, onDone }) {
  const issues = useAsync((signal) => get('/entities', { kind: 'issue', limit: 200 }, { signal }), []);
  const [scope, setScope] = useState(speaker.recorded ? speaker.consent.scope : 'public');
  const [date, setDate] = useState(today());
  const [topics, setTopics] = useState(speaker.topics.map((t) => t.id));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const fe = err ? err.fieldErrors() : {};
  const run = async (fn) => {
    setBusy(true);
    setErr(null);
    try {
      const r = await fn();
      publish({ written: r.data });
      onDone();
    } catch (x) {
      if (x.details && x.details.length && x.details.every((d) => ['scope', 'date', 'topics'].includes(d.field))) x.fieldErrorsShown = true;
      setErr(x);
    }
    setBusy(false);
  };
  const record = (ev) => {
    ev.preventDefault();
    run(() => put(`/entities/${enc(entity.id)}/consent`, { scope, date, topics }));
  };
  const withdraw = () => run(() => post(`/entities/${enc(entity.id)}/consent/withdraw`, { date }));
  const toggle = (id) => (ev) => setTopics(ev.currentTarget.checked ? [...topics, id] : topics.filter((t) => t !== id));
  return html`<form class="panel consent-form" onSubmit=${record} aria-label="Consent to speak">
    <${Field} label="Scope" name="scope" as="select" value=${scope} onChange=${(e) => setScope(e.currentTarget.value)} error=${fe.scope}>
      ${SCOPES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
    <//>
    <${Field} label="Date" name="date" type="date" value=${date} onInput=${(e) => setDate(e.currentTarget.value)} error=${fe.date} hint="The day it was given or withdrawn" />
    <fieldset class="topics">
      <legend>Story about</legend>
      ${((issues.data && issues.data.items) || []).map(
        (i) => html`<label class="check"><input type="checkbox" value=${i.id} checked=${topics.includes(i.id)} onChange=${toggle(i.id)} /> ${i.name}</label>`,
      )}
      ${fe.topics ? html`<span class="field-error" role="alert">${fe.topics}</span>` : null}
    </fieldset>
    <${ErrorBox} error=${err} />
    <button type="submit" disabled=${busy}>${inForce ? 'Update the consent' : 'Record the consent'}</button>
    ${inForce ? html`<button type="button" class="danger" disabled=${busy} onClick=${withdraw}>Withdraw the consent</button>` : null}
  </form>`;
}

/** TargetSpeakers is an official's entity-page link to their matched speakers. */
function TargetSpeakers({ entity }) {
  return html`<h2>Speakers</h2>
    <p><a href=${href('/speakers', { target: entity.id })}>Speakers to bring to ${entity.name}</a>: whose story is about what they care about.</p>`;
}

route('/speakers', SpeakersView, { title: 'Speakers' });
entitySections.push({ id: 'consent', title: 'Consent to speak', when: (e) => e.kind === 'person', view: Consent });
entitySections.push({ id: 'target-speakers', title: 'Speakers', when: (e) => e.kind === 'official', view: TargetSpeakers });
