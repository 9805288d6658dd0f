// The home view: browse entities by kind, label and `ours`, paged.

import { html, useState } from '../html.js';
import { get } from '../api.js';
import { mapHref } from '../router.js';
import { canEdit } from '../state.js';
import { Loading, ErrorBox, EntityLink, KindBadge, usePaged, Pager } from '../components.js';

export function Home() {
  const [kind, setKind] = useState('');
  const [ours, setOurs] = useState('');
  const [label, setLabel] = useState('');
  const paged = usePaged((after) => get('/entities', { kind, ours, label: label.trim().toLowerCase(), after, limit: 25 }), [kind, ours, label]);
  return html`<section aria-labelledby="home-h">
    <header class="viewhead"><h1 id="home-h">The power map</h1></header>
    <p>
      Search anyone above, ask <a href="#/who-knows">who knows</a> a target, or see <a href="#/rankings">who holds influence</a>.
      <a href="#/events">Events</a> count who we bring to meetings, lobby days and trainings.
      <a href="#/speakers">Speakers</a> tell their story where they agreed to.
      A <a href="#/ballot">ballot overview</a> of a district is the page to hand out at a registration drive.
      ${canEdit() ? html`Check the <a href="#/dedupe">possible duplicates</a> that imports brought in.` : null}
    </p>
    <form class="toolbar" onSubmit=${(e) => e.preventDefault()} aria-label="Filter entities">
      <div class="field">
        <label for="home-kind">Kind</label>
        <select id="home-kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          <option value="">All kinds</option>
          ${['person', 'official', 'donor', 'organization'].map((k) => html`<option value=${k}>${k}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="home-ours">Coalition</label>
        <select id="home-ours" value=${ours} onChange=${(e) => setOurs(e.currentTarget.value)}>
          <option value="">Everyone</option>
          <option value="true">Ours</option>
          <option value="false">Not ours</option>
        </select>
      </div>
      <div class="field">
        <label for="home-label">Label</label>
        <input id="home-label" value=${label} onChange=${(e) => setLabel(e.currentTarget.value)} placeholder="e.g. board" />
      </div>
    </form>
    ${paged.loading ? html`<${Loading} what="Loading entities" />` : null}
    <${ErrorBox} error=${paged.error} />
    <table class="entities">
      <caption class="visually-hidden">Entities</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Title</th><th scope="col">Map</th></tr></thead>
      <tbody>
        ${paged.items.map(
          (e) => html`<tr data-id=${e.id}>
            <td><${EntityLink} id=${e.id} name=${e.name} /></td>
            <td><${KindBadge} kind=${e.kind} ours=${e.ours} /></td>
            <td>${e.title || ''}</td>
            <td><a href=${mapHref(e.id, { depth: 1 })} aria-label=${`Map of ${e.name}`}>map</a></td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Pager} paged=${paged} label="Entity pages" />
  </section>`;
}
