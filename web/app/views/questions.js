// The forum question bank (#/entity/ID/questions): the questions we ask an
// official or a candidate at a candidate forum. Questions are drafted from
// the map (GET /entities/{id}/questions/draft), each with the records it
// came from; an editor edits, reorders, adds and removes them and saves
// the bank (PUT /entities/{id}/questions), and after the forum records
// what was asked and answered, and the stance an answer takes (POST
// …/questions/{q}/answer), which the power grid then shows. The page
// prints as a handout (questions.css, print rules), without the app's
// header, buttons and forms. No raw id is shown.

import { html, useEffect, useState } from '../html.js';
import { get, put, post, request, enc } from '../api.js';
import { route, entityHref } from '../router.js';
import { update, canEdit } from '../state.js';
import { Loading, ErrorBox, Field, useAsync } from '../components.js';

const cssHref = new URL('../questions.css', import.meta.url).href;

const STANCES = [
  ['2', 'strongly supports'],
  ['1', 'supports'],
  ['0', 'neutral'],
  ['-1', 'opposes'],
  ['-2', 'strongly opposes'],
];
const stanceLabel = (a) => (STANCES.find(([k]) => Number(k) === a) || [null, 'unknown'])[1];

/** publish exposes what the view shows to end-to-end tests. */
function publish(p) {
  update({ questions: { ...(window.__powermap.state.questions || {}), ...p } });
}

function Sources({ q }) {
  if (!q.sources || !q.sources.length) return null;
  return html`<p class="q-sources"><span class="muted">From: </span>${q.sources.map((s) => s.name || s.kind).join('; ')}</p>`;
}

function Asked({ q, issues }) {
  if (!q.asked) return null;
  const issue = q.issue && issues[q.issue];
  return html`<p class="q-asked"><strong>Asked${q.asked_on ? ` on ${q.asked_on}` : ''}.</strong>${q.answer ? html` Answer: “${q.answer}”` : ' No answer recorded.'}${
    q.stance !== undefined && q.stance !== null && issue
      ? html` <span class="q-stance">Stance recorded: ${stanceLabel(q.stance)} ${issue.name}.</span>`
      : null
  }</p>`;
}

/** AnswerForm records a question's outcome at the forum. */
function AnswerForm({ official, q, issues, etag, onDone, onCancel }) {
  const [asked, setAsked] = useState(true);
  const [answer, setAnswer] = useState(q.answer || '');
  const [stance, setStance] = useState(q.stance === undefined || q.stance === null ? '' : String(q.stance));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const issue = q.issue && issues[q.issue];
  const fe = (err && err.fieldErrors && err.fieldErrors()) || {};
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const body = { asked, answer, stance: asked && stance !== '' ? Number(stance) : null };
      const r = await post(`/entities/${enc(official)}/questions/${enc(q.id)}/answer`, body, { ifMatch: etag });
      onDone(r.data, r.etag);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="q-answer" onSubmit=${submit} aria-label="Record the answer">
    <label class="q-check"><input type="checkbox" checked=${asked} onChange=${(e) => setAsked(e.target.checked)} /> Asked at the forum</label>
    <${Field} label="What they answered" name="answer" as="textarea" rows="2" value=${answer} error=${fe.answer}
      onInput=${(e) => setAnswer(e.target.value)} />
    ${issue
      ? html`<${Field} label=${`Their stance on ${issue.name}`} name="stance" as="select" value=${stance} error=${fe.stance || fe.forum}
          hint="Recorded in the map with the forum as its source: the power grid shows it."
          onChange=${(e) => setStance(e.target.value)}>
          <option value="">No stance taken</option>
          ${STANCES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        <//>`
      : null}
    ${err && !Object.keys(fe).length ? html`<${ErrorBox} error=${err} />` : null}
    <div class="q-buttons">
      <button type="submit" disabled=${busy}>Save answer</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function QuestionItem({ q, i, n, editor, issues, official, etag, dirty, saved, onChange, onMove, onRemove, onAnswered }) {
  const [answering, setAnswering] = useState(false);
  const label = `Question ${i + 1}`;
  return html`<li class="q-item" data-id=${q.id || ''}>
    ${editor
      ? html`<label class="q-label" for=${`q-text-${i}`}>${label}</label>
          <textarea id=${`q-text-${i}`} class="q-text-edit" rows="3" value=${q.text} onInput=${(e) => onChange({ ...q, text: e.target.value })}></textarea>
          <p class="q-text q-print">${q.text}</p>`
      : html`<p class="q-text">${q.text}</p>`}
    <${Sources} q=${q} />
    <${Asked} q=${q} issues=${issues} />
    ${editor && !answering
      ? html`<div class="q-buttons q-actions">
          <button type="button" disabled=${i === 0} aria-label=${`Move ${label.toLowerCase()} up`} onClick=${() => onMove(i, -1)}>↑ Up</button>
          <button type="button" disabled=${i === n - 1} aria-label=${`Move ${label.toLowerCase()} down`} onClick=${() => onMove(i, 1)}>↓ Down</button>
          <button type="button" aria-label=${`Remove ${label.toLowerCase()}`} onClick=${() => onRemove(i)}>Remove</button>
          ${saved && !dirty && q.id
            ? html`<button type="button" aria-label=${`${q.asked ? 'Change answer' : 'Record answer'} to ${label.toLowerCase()}`} onClick=${() => setAnswering(true)}>${q.asked ? 'Change answer' : 'Record answer'}</button>`
            : null}
        </div>`
      : null}
    ${answering
      ? html`<${AnswerForm} official=${official} q=${q} issues=${issues} etag=${etag}
          onCancel=${() => setAnswering(false)}
          onDone=${(bank, tag) => {
            setAnswering(false);
            onAnswered(bank, tag);
          }} />`
      : null}
    <div class="q-notes" aria-hidden="true"></div>
  </li>`;
}

/** QuestionsView is the question bank of one official. */
export function QuestionsView({ params }) {
  const id = params.id;
  const editor = canEdit();
  const res = useAsync(async (signal) => {
    const [bank, draft, forums] = await Promise.all([
      (async () => {
        const r = await request('GET', `/entities/${enc(id)}/questions`, { signal });
        return { ...r.data, etag: r.etag };
      })(),
      get(`/entities/${enc(id)}/questions/draft`, null, { signal }),
      editor ? get('/events', { type: 'candidate_forum' }, { signal }).then((r) => r.items) : Promise.resolve([]),
    ]);
    return { bank, draft, forums };
  }, [id]);
  const [items, setItems] = useState(null);
  const [forum, setForum] = useState('');
  const [bank, setBank] = useState(null);
  const [etag, setEtag] = useState('');
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState('');
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [newText, setNewText] = useState('');

  useEffect(() => {
    if (!res.data) return;
    const b = res.data.bank;
    setBank(b);
    setEtag(b.etag || '');
    setForum(b.forum ? b.forum.id : '');
    setItems(b.saved ? b.questions : res.data.draft.questions);
    setDirty(!b.saved && editor);
    setStatus('');
  }, [res.data]);

  useEffect(() => {
    if (items) publish({ official: id, saved: !!(bank && bank.saved), dirty, texts: items.map((q) => q.text), asked: items.filter((q) => q.asked).map((q) => q.text) });
  }, [items, dirty, bank]);

  const link = html`<link rel="stylesheet" href=${cssHref} />`;
  if (res.loading && !res.data) return html`${link}<${Loading} what="Drafting the questions" />`;
  if (res.error) return html`${link}<${ErrorBox} error=${res.error} onRetry=${res.reload} />`;
  if (!items || !bank) return link;
  const { draft, forums } = res.data;
  const o = draft.official;
  const issues = { ...draft.issues, ...(bank.issues || {}) };
  const change = (next) => {
    setItems(next);
    setDirty(true);
    setStatus('');
  };
  const move = (i, d) => {
    const next = items.slice();
    [next[i], next[i + d]] = [next[i + d], next[i]];
    change(next);
  };
  const onAnswered = (b, tag) => {
    setBank(b);
    setEtag(tag || '');
    setItems(b.questions);
    setDirty(false);
    setStatus('Answer recorded.');
  };
  const save = async () => {
    setBusy(true);
    setErr(null);
    try {
      const r = await put(`/entities/${enc(id)}/questions`, { forum, questions: items }, { ifMatch: bank.saved ? etag : undefined });
      setBank(r.data);
      setEtag(r.etag || '');
      setItems(r.data.questions);
      setDirty(false);
      setStatus(`Saved ${r.data.questions.length} questions.`);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const inBank = new Set(items.map((q) => q.id));
  const more = draft.questions.filter((q) => !inBank.has(q.id));
  const forumRef = bank.forum || (forum && forums.find((f) => f.id === forum));
  return html`${link}<article class="questions" aria-labelledby="questions-h">
    <header class="q-head">
      <h1 id="questions-h">Questions for ${o.name}</h1>
      <p class="q-forum">${forumRef ? `${forumRef.name}, ${forumRef.date}${forumRef.place ? `, ${forumRef.place}` : ''}` : 'Candidate forum not chosen yet'}</p>
      <nav class="q-nav" aria-label="Question bank actions">
        <a href=${entityHref(o.id)}>Back to ${o.name}</a>
        <button type="button" onClick=${() => window.print()}>Print handout</button>
      </nav>
    </header>
    ${!bank.saved
      ? html`<p class="q-note">${editor
          ? 'Drafted from the map: edit, reorder and save them as the question bank.'
          : 'No question bank is saved yet: these are drafted from the map.'}</p>`
      : null}
    ${editor
      ? html`<div class="q-toolbar">
          <${Field} label="Candidate forum" name="forum" as="select" value=${forum} error=${err && err.fieldErrors && err.fieldErrors().forum}
            onChange=${(e) => {
              setForum(e.target.value);
              setDirty(true);
            }}>
            <option value="">Not chosen</option>
            ${forums.map((f) => html`<option value=${f.id}>${f.name} (${f.date})</option>`)}
          <//>
          <button type="button" class="primary" disabled=${busy || !dirty} onClick=${save}>Save questions</button>
          <span class="q-status" role="status" aria-live="polite">${dirty ? 'Unsaved changes.' : status}</span>
        </div>`
      : null}
    ${err ? html`<${ErrorBox} error=${err} />` : null}
    ${items.length
      ? html`<ol class="q-list">
          ${items.map(
            (q, i) => html`<${QuestionItem} key=${q.id || `new-${i}`} q=${q} i=${i} n=${items.length} editor=${editor} issues=${issues}
              official=${id} etag=${etag} dirty=${dirty} saved=${bank.saved}
              onChange=${(nq) => change(items.map((x, j) => (j === i ? nq : x)))}
              onMove=${move} onRemove=${(k) => change(items.filter((_, j) => j !== k))} onAnswered=${onAnswered} />`,
          )}
        </ol>`
      : html`<p class="none">No questions yet.</p>`}
    ${editor
      ? html`<section class="q-add" aria-labelledby="q-add-h">
          <h2 id="q-add-h">Add a question</h2>
          <form onSubmit=${(e) => {
            e.preventDefault();
            if (!newText.trim()) return;
            change([...items, { text: newText.trim(), sources: [] }]);
            setNewText('');
          }}>
            <${Field} label="Your question" name="new-question" as="textarea" rows="2" value=${newText} onInput=${(e) => setNewText(e.target.value)} />
            <button type="submit">Add question</button>
          </form>
          ${more.length
            ? html`<h3>More drafted from the map</h3>
                <ul class="q-more">
                  ${more.map(
                    (q) => html`<li><span>${q.text}</span> <button type="button" aria-label=${`Add: ${q.text}`} onClick=${() => change([...items, q])}>Add</button></li>`,
                  )}
                </ul>`
            : null}
        </section>`
      : null}
  </article>`;
}

route('/entity/:id/questions', QuestionsView, { title: 'Forum questions' });
