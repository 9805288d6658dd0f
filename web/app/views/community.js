// Community: the leaders to engage for a target official (an entity-page
// section of every official, from GET /entities/{id}/leaders) and the
// ballot overview of a district (#/ballot/D, from GET /ballots/{district}):
// a plain-language, nonpartisan page that prints on its own (ballot.css)
// for a voter-registration drive to hand out. People are shown by name and
// role, never by raw id. An editor puts a leader on the weekly outreach
// list of a campaign that targets the official by making them one of its
// contacts (POST /campaigns/{id}/contacts).

import { html, useState } from '../html.js';
import { get, post, enc } from '../api.js';
import { route, href, navigate } from '../router.js';
import { canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, useAsync } from '../components.js';
import { entitySections } from './entity.js';

const cssHref = new URL('../ballot.css', import.meta.url).href;

const SORTS = { business: 'Business', religious: 'Religious', civic: 'Civic' };

/** AddToList is an editor's form that makes a leader a contact of a campaign. */
function AddToList({ leader, campaigns, onAdded }) {
  const [cid, setCid] = useState(campaigns[0].id);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post(`/campaigns/${enc(cid)}/contacts`, { entity: leader.person.id });
      onAdded(leader.person, campaigns.find((c) => c.id === cid));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const selId = `leader-camp-${leader.rank}`;
  return html`<form class="leader-add" onSubmit=${add}>
    ${campaigns.length > 1
      ? html`<label for=${selId}>Campaign</label>
          <select id=${selId} value=${cid} onChange=${(e) => setCid(e.currentTarget.value)}>
            ${campaigns.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
          </select>`
      : null}
    <button type="submit" disabled=${busy} aria-label=${`Add to the weekly list: ${leader.person.name}`}>Add to the weekly list</button>
    <${ErrorBox} error=${err} />
  </form>`;
}

/** Leaders is an official's entity-page section: the community leaders to engage. */
function Leaders({ entity }) {
  const [added, setAdded] = useState(null);
  const res = useAsync(
    async (signal) => {
      const r = await get(`/entities/${enc(entity.id)}/leaders`, { limit: 10 }, { signal });
      const cs = canEdit() ? (await get('/campaigns', null, { signal })).items : [];
      return { ...r, campaigns: cs.filter((c) => c.targets.some((t) => t.entity === entity.id)) };
    },
    [entity.id],
  );
  if (res.loading && !res.data) return html`<${Loading} what="Finding community leaders" />`;
  if (res.error) return html`<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const r = res.data;
  const onAdded = (person, campaign) => {
    setAdded({ person, campaign });
    res.reload();
  };
  const on = r.issues.length ? ` on ${r.issues.map((i) => i.name).join(', ')}` : '';
  return html`<h2 id="leaders-h">Community leaders to engage</h2>
    <p class="muted leaders-intro">
      Business, religious and civic leaders${r.districts.length ? ` of district ${r.districts.join(', ')}` : ''} or tied to ${r.target.name},
      who support us or have not said${on}, and whom we have not engaged yet (${r.engaged}). Best access to ${r.target.name} first.
    </p>
    ${added
      ? html`<p class="leader-added" role="status">
          ${added.person.name} is on the weekly list of <a href=${href('/campaigns/' + enc(added.campaign.id), { tab: 'outreach' })}>${added.campaign.name}</a>.
        </p>`
      : null}
    ${r.leaders.length
      ? html`<ol class="leaders" aria-labelledby="leaders-h">
          ${r.leaders.map(
            (l) => html`<li class="leader" key=${l.person.id}>
              <p class="leader-name">
                <strong><${EntityLink} id=${l.person.id} name=${l.person.name} /></strong>${l.person.title ? html`<span class="muted">, ${l.person.title}</span>` : null}${' '}
                <span class=${`badge leader-${l.sort}`}>${SORTS[l.sort]}</span>${' '}
                ${l.basis === `labelled ${l.sort}` ? null : html`<span class="muted">${l.basis}</span>`}
              </p>
              <ul class="leader-why">${l.why.map((w) => html`<li>${w}</li>`)}</ul>
              <p class="leader-next"><strong>Next: </strong>${l.action.text}</p>
              ${r.campaigns.length ? html`<${AddToList} leader=${l} campaigns=${r.campaigns} onAdded=${onAdded} />` : null}
            </li>`,
          )}
        </ol>`
      : html`<p class="none">No leader to engage yet: nobody in the district or tied to ${r.target.name} is a supportive or undecided business, religious or civic leader we have not engaged.</p>`}`;
}

/** BallotLink is the entity-page line that leads to the district's ballot overview. */
function BallotLink({ entity }) {
  return html`<p class="ballot-link">
    <a href=${href('/ballot/' + enc(entity.district))}>Ballot overview of district ${entity.district}</a>
    <span class="muted"> — who represents it and where they stand, to hand out at a registration drive.</span>
  </p>`;
}

function stanceClass(a) {
  if (a === null || a === undefined) return 'unknown';
  return a > 0 ? 'for' : a < 0 ? 'against' : 'neutral';
}

/** plain says a stance as a voter reads it. */
function plain(s) {
  if (s.alignment === null || s.alignment === undefined) return 'Unknown';
  return s.label.charAt(0).toUpperCase() + s.label.slice(1);
}

function Source({ s }) {
  if (!s.source) return html`<span class="source">No recorded stance.</span>`;
  const src = s.source;
  const rest = [src.date, src.notes].filter(Boolean).join(', ');
  return html`<span class="source">Source: ${src.url ? html`<a href=${src.url} rel="noopener noreferrer">${src.url}</a>` : 'recorded in our map'}${rest ? `, ${rest}` : ''}.</span>`;
}

function DistrictForm({ current }) {
  const [d, setD] = useState(current || '');
  return html`<form class="ballot-pick" role="search" aria-label="Choose a district" onSubmit=${(e) => {
    e.preventDefault();
    if (d.trim()) navigate(href('/ballot/' + enc(d.trim())));
  }}>
    <label for="ballot-district">District</label>
    <input id="ballot-district" value=${d} size="6" placeholder="e.g. 7A" onInput=${(e) => setD(e.currentTarget.value)} />
    <button type="submit">Show</button>
  </form>`;
}

/** BallotView is #/ballot/D: the printable ballot overview of district D. */
export function BallotView({ params }) {
  const district = params.district || '';
  const res = useAsync((signal) => (district ? get(`/ballots/${enc(district)}`, null, { signal }) : Promise.resolve(null)), [district]);
  const link = html`<link rel="stylesheet" href=${cssHref} />`;
  if (!district)
    return html`${link}<section class="ballot" aria-labelledby="ballot-h">
      <h1 id="ballot-h">Ballot overview</h1>
      <p>Choose a district to see who represents it, who runs for it, and where they stand on our issues.</p>
      <${DistrictForm} />
    </section>`;
  if (res.loading && !res.data) return html`${link}<${Loading} what="Writing the ballot overview" />`;
  if (res.error)
    return html`${link}<section class="ballot"><h1 id="ballot-h">Ballot overview of district ${district}</h1>
      <${ErrorBox} error=${res.error} onRetry=${res.reload} /><${DistrictForm} current=${district} /></section>`;
  const b = res.data;
  return html`${link}<article class="ballot" aria-labelledby="ballot-h">
    <header class="ballot-head">
      <h1 id="ballot-h">District ${b.district}: who represents you, and where they stand</h1>
      <p class="asof">As of ${b.as_of}</p>
      <nav class="ballot-actions" aria-label="Ballot actions">
        <${DistrictForm} current=${b.district} />
        <button type="button" onClick=${() => window.print()}>Print</button>
      </nav>
    </header>
    <p class="ballot-intro">${`These are the people who hold office for district ${b.district}, and the candidates we know of. ${
      b.issues.length
        ? `For each issue (${b.issues.map((i) => i.name).join(', ')}) we show what they have said or done, and where we learned it.`
        : 'We have no campaign yet, so no issue to show positions on.'
    }`}</p>
    ${b.people.map(
      (p, k) => html`<section class="ballot-person" aria-labelledby=${`ballot-p${k}`} key=${p.person.id}>
        <h2 id=${`ballot-p${k}`}>${p.person.name}</h2>
        <p class="office">${p.office}${p.party ? ` · ${p.party}` : ''} · <span class="role">${p.role === 'candidate' ? 'Candidate' : 'In office'}</span></p>
        ${p.stances.length
          ? html`<ul class="ballot-stances">
              ${p.stances.map(
                (s) => html`<li><strong>${s.issue.name}: </strong><span class=${`stance ${stanceClass(s.alignment)}`}>${plain(s)}</span>. <${Source} s=${s} /></li>`,
              )}
            </ul>`
          : null}
      </section>`,
    )}
    <footer class="ballot-notice"><p>${b.notice}</p></footer>
  </article>`;
}

route('/ballot', BallotView, { title: 'Ballot overview' });
route('/ballot/:district', BallotView, { title: 'Ballot overview' });
entitySections.push({ id: 'leaders', title: 'Community leaders', when: (e) => e.kind === 'official', view: Leaders });
entitySections.push({ id: 'ballot', title: 'Ballot overview', when: (e) => e.kind === 'official' && !!e.district, view: BallotLink });
