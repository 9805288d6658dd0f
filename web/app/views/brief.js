// The legislator brief (#/entity/ID/brief): one page to carry into a
// meeting with an official, answering the organizing method's questions
// in order, from GET /entities/{id}/brief. It prints on at most two pages
// (brief.css, print rules), the app's header and buttons left out. Every
// person is named with their role; no raw id is shown. `powermap brief`
// renders the same answer server-side for HTML and PDF.

import { html } from '../html.js';
import { get, enc } from '../api.js';
import { entityHref } from '../router.js';
import { Loading, ErrorBox, useAsync, money } from '../components.js';
import { normalizePaths, loadVerbs, sentence } from './whoknows.js';

/** SECTIONS are the headings, in order (internal/brief.Sections). */
export const SECTIONS = [
  '1. Their agenda',
  '2. Who funds them',
  '3. Their inner circle',
  '4. Who we know',
  '5. Our history with them',
  '6. Our constituents in their district',
  '7. Open asks',
];

const cssHref = new URL('../brief.css', import.meta.url).href;

/** who reads a person as in a path: "Ana Ruiz (our board)", or with their role. */
function who(r) {
  if (r.ours) return `${r.name} (${r.title ? `our ${r.title}` : 'ours'})`;
  return r.title && r.kind !== 'organization' ? `${r.name} (${r.title})` : r.name;
}

function Who({ r }) {
  return html`<a href=${entityHref(r.id)}>${who(r)}</a>`;
}

function People({ list }) {
  return list.map((r, i) => html`${i ? ', ' : ''}<${Who} r=${r} />`);
}

function stanceClass(a) {
  if (a === null || a === undefined) return 'unknown';
  return a > 0 ? 'for' : a < 0 ? 'against' : 'neutral';
}

function plural(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

function seat(o) {
  return [o.title, o.party, o.chamber && `${o.chamber} chamber`, o.district && `district ${o.district}`].filter(Boolean).join(' · ');
}

function None({ children }) {
  return html`<p class="none">${children}</p>`;
}

function Section({ n, id, children }) {
  return html`<section class="brief-section" aria-labelledby=${`brief-${id}`}>
    <h2 id=${`brief-${id}`}>${SECTIONS[n - 1]}</h2>
    ${children}
  </section>`;
}

function Agenda({ a }) {
  return html`${a.stances.length
      ? html`<p><strong>Recorded stances: </strong>${a.stances.map(
          (s, i) => html`${i ? '; ' : ''}<span class=${stanceClass(s.alignment)}>${s.label}</span> ${s.issue.name}`,
        )}.</p>`
      : html`<${None}>No stance on an issue is recorded.<//>`}
    ${a.committees.length
      ? html`<p><strong>Committees: </strong>${a.committees.map(
          (c, i) => html`${i ? '; ' : ''}${c.committee.name}${c.role !== 'member' ? ` (${c.role})` : ''}`,
        )}.</p>`
      : html`<${None}>No committee seat is recorded.<//>`}`;
}

function Funders({ title, total, list }) {
  if (!list.length) return null;
  return html`<tr><td colspan="2" class="muted">${title}, ${money(total)}</td></tr>
    ${list.map((f) => html`<tr><td>${f.giver.name}${f.giver.title && f.giver.kind !== 'donor' ? html` <span class="muted">(${f.giver.title})</span>` : null}</td><td class="n">${money(f.amount)}</td></tr>`)}`;
}

function OursWhoGive({ f }) {
  return html`<p><strong>Our people who give: </strong>${f.ours && f.ours.length
      ? f.ours.map((g) => `${g.entity.name} (${money(g.total)})`).join(', ') + '.'
      : 'none recorded.'}${f.probable ? ` ${plural(f.probable, 'FEC record is', 'FEC records are')} probably one of ours, to confirm.` : ''}</p>`;
}

function Funding({ f }) {
  if (!f.cycles.length) return html`<${None}>No contribution to them or to a committee they lead is recorded.<//><${OursWhoGive} f=${f} />`;
  return html`<p>${money(f.total)} given in all${f.via.length ? html`, to them and to <${People} list=${f.via} />` : ''}${f.cycles_left
      ? ` (${plural(f.cycles_left, 'older cycle', 'older cycles')} not shown)`
      : ''}.</p>
    <div class="brief-cols">
      ${f.cycles.map(
        (c) => html`<table class="brief-cycle">
          <caption>${c.cycle} cycle: ${money(c.total)} from ${plural(c.givers, 'giver', 'givers')}</caption>
          <thead><tr><th scope="col">Giver</th><th scope="col" class="n">Amount</th></tr></thead>
          <tbody>
            <${Funders} title="PACs and organizations" total=${c.pacs} list=${c.top_pacs} />
            <${Funders} title="Individuals" total=${c.individuals} list=${c.top_individuals} />
          </tbody>
        </table>`,
      )}
    </div>
    ${f.notice ? html`<p class="notice">${f.notice}</p>` : null}
    <${OursWhoGive} f=${f} />`;
}

function Circle({ list }) {
  if (!list.length) return html`<${None}>No one is tied to them on the map.<//>`;
  return html`<ol class="brief-cols">
    ${list.map((m) => html`<li><a href=${entityHref(m.person.id)}>${m.person.name}</a>, <span class="role">${m.role}</span>${m.tie ? html` <span class="muted">(${m.tie})</span>` : null}</li>`)}
  </ol>`;
}

function Introductions({ res }) {
  const verbs = useAsync(() => loadVerbs(), []);
  if (!res.length) return html`<${None}>None of our people reaches them on the map yet.<//>`;
  const list = normalizePaths({ paths: res });
  return html`<ol>
    ${list.map((p) => html`<li>${sentence(p, verbs.data || {})}${p.hops.length === 1 ? html` <span class="muted">(a direct tie)</span>` : null}</li>`)}
  </ol>`;
}

function History({ h }) {
  return html`${h.commitments.length
      ? html`<p><strong>Commitments: </strong>${h.commitments.map(
          (c, i) => html`${i ? '; ' : ''}${c.commitment ? `“${c.commitment}”` : 'committed'} (${c.campaign}${c.committed_on ? `, ${c.committed_on}` : ''})`,
        )}.</p>`
      : null}
    ${h.follow_ups.length
      ? html`<p><strong>Follow-ups owed: </strong>${h.follow_ups.map(
          (f, i) => html`${i ? '; ' : ''}<span class=${f.overdue ? 'overdue' : ''}>${f.due}${f.overdue ? ' (overdue)' : ''}</span>, after the ${f.label} of ${f.from} with <${People} list=${f.with} />`,
        )}.</p>`
      : null}
    ${h.interactions.length
      ? html`<table class="brief-log">
          <thead><tr><th scope="col">Date</th><th scope="col">Contact</th><th scope="col">With</th><th scope="col">Outcome</th></tr></thead>
          <tbody>
            ${h.interactions.map(
              (ix) => html`<tr><td class="n">${ix.date}</td><td>${ix.label}</td><td><${People} list=${ix.with} /></td><td>${[ix.outcome, ix.notes].filter(Boolean).join(' · ')}</td></tr>`,
            )}
          </tbody>
        </table>
        ${h.total > h.interactions.length ? html`<p class="muted">The newest ${h.interactions.length} of ${h.total} entries.</p>` : null}`
      : html`<${None}>No contact with them or their staff is logged.<//>`}`;
}

function Constituents({ c, turnout, note }) {
  return html`${c.districts.length
      ? html`<p>District ${c.districts.join(', ')}: ${plural(c.people, 'person', 'people')} of the map live here, ${c.ours} of them ours${c.hidden
          ? `, and ${plural(c.hidden, 'client or private contact', 'clients or private contacts')} (never named)`
          : ''}.</p>
        ${c.named.length
          ? html`<p><strong>Ours: </strong><${People} list=${c.named} />${c.ours > c.named.length ? ` (${c.named.length} of ${c.ours} shown)` : ''}.</p>`
          : null}`
      : html`<${None}>No district is recorded for them.<//>`}
    <p class="turnout"><strong>Turnout: </strong>${turnout
        ? `${turnout.summary}${turnout.registered ? ` Our drives registered ${turnout.registered} voters in the district.` : ''}`
        : html`<span class="none">${note}.</span>`}</p>`;
}

function Asks({ list }) {
  if (!list.length) return html`<${None}>No active campaign of ours targets them.<//>`;
  return html`<ul>
    ${list.map(
      (a) => html`<li><strong>${a.name}</strong>: ${a.ask}. <span class="muted">A ${a.priority} target, ${a.status_label}${a.commitment ? `: “${a.commitment}”` : ''}.</span>${a.issue
          ? html` On ${a.issue.name}: <span class=${stanceClass(a.stance)}>${a.stance_label}</span>.`
          : null}${a.notes ? html` <span class="muted">${a.notes}</span>` : null}</li>`,
    )}
  </ul>`;
}

export function BriefView({ params }) {
  const id = params.id;
  const res = useAsync(() => get(`/entities/${enc(id)}/brief`), [id]);
  const link = html`<link rel="stylesheet" href=${cssHref} />`;
  if (res.loading && !res.data) return html`${link}<${Loading} what="Writing the brief" />`;
  if (res.error) return html`${link}<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  const b = res.data;
  const o = b.official;
  return html`${link}<article class="brief" aria-labelledby="brief-h">
    <header class="brief-head">
      <div>
        <h1 id="brief-h">${o.name}</h1>
        <p class="seat">${seat(o)}</p>
      </div>
      <p class="asof">Brief of ${b.as_of}${o.phone ? ` · ${o.phone}` : ''}${o.email ? ` · ${o.email}` : ''}</p>
      <nav class="brief-actions" aria-label="Brief actions">
        <a href=${entityHref(o.id)}>Back to ${o.name}</a>
        <button type="button" onClick=${() => window.print()}>Print</button>
      </nav>
    </header>
    <${Section} n=${1} id="agenda"><${Agenda} a=${b.agenda} /><//>
    <${Section} n=${2} id="funding"><${Funding} f=${b.funding} /><//>
    <${Section} n=${3} id="circle"><${Circle} list=${b.inner_circle} /><//>
    <${Section} n=${4} id="intros"><${Introductions} res=${b.introductions} /><//>
    <${Section} n=${5} id="history"><${History} h=${b.history} /><//>
    <${Section} n=${6} id="constituents"><${Constituents} c=${b.constituents} turnout=${b.turnout} note=${b.turnout_note} /><//>
    <${Section} n=${7} id="asks"><${Asks} list=${b.asks} /><//>
  </article>`;
}
