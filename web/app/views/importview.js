// The import view: upload a file, pick or auto-detect its format, and read
// the report with row-level errors. The server writes all or nothing.

import { html, useState } from '../html.js';
import { request } from '../api.js';
import { canEdit } from '../state.js';
import { detailText } from '../components.js';

export const FORMATS = [
  { value: '', label: 'Detect from the file' },
  { value: 'csv', label: 'powermap CSV' },
  { value: 'json', label: 'powermap JSON' },
  { value: 'graphml', label: 'GraphML' },
  { value: 'gexf', label: 'GEXF' },
  { value: 'kumu', label: 'Kumu JSON' },
  { value: 'littlesis', label: 'LittleSis' },
  { value: 'fec', label: 'FEC contributions' },
  { value: 'openstates', label: 'Open States' },
  { value: 'congress', label: 'Congress legislators' },
];

export function ImportView() {
  const [file, setFile] = useState(null);
  const [format, setFormat] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  if (!canEdit()) {
    return html`<section aria-labelledby="imp-h"><h1 id="imp-h">Import</h1><p>Importing needs the editor role. Ask an admin for an editor token.</p></section>`;
  }
  const submit = async (ev) => {
    ev.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    const form = new FormData();
    form.append('file', file);
    if (format) form.append('format', format);
    try {
      const { data } = await request('POST', '/import', { form });
      setReport(data);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rows = (error && error.details) || (report && (report.errors || report.details)) || [];
  return html`<section aria-labelledby="imp-h">
    <header class="viewhead"><h1 id="imp-h">Import</h1></header>
    <p>Upload a file of people, organizations and ties. If any row is wrong, nothing is written and every bad row is listed.</p>
    <form class="card" onSubmit=${submit}>
      <div class="field">
        <label for="imp-file">File</label>
        <input id="imp-file" type="file" name="file" required onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
      </div>
      <div class="field">
        <label for="imp-format">Format</label>
        <select id="imp-format" name="format" value=${format} onChange=${(e) => setFormat(e.currentTarget.value)}>
          ${FORMATS.map((f) => html`<option value=${f.value}>${f.label}</option>`)}
        </select>
      </div>
      <button type="submit" class="primary" disabled=${!file || busy}>${busy ? 'Importing…' : 'Import'}</button>
      ${busy ? html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Importing ${file.name}…</p>` : null}
    </form>
    ${error
      ? html`<div class="report failed" role="alert">
          <h2>Nothing was imported</h2>
          <p>${error.message}</p>
          ${rows.length
            ? html`<table class="rowerrors">
                <caption>${rows.length} problem${rows.length === 1 ? '' : 's'}</caption>
                <thead><tr><th scope="col">Where</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
                <tbody>${rows.slice(0, 500).map((d) => html`<tr><td>${d.line ? `line ${d.line}` : d.record || d.file || ''}</td><td>${d.field || ''}</td><td>${d.reason}</td></tr>`)}</tbody>
              </table>`
            : null}
        </div>`
      : null}
    ${report
      ? html`<div class="report ok" role="status">
          <h2>Imported ${report.format ? `(${report.format})` : ''}</h2>
          <dl class="fields">
            ${Object.entries(report.stats || report)
              .filter(([, v]) => typeof v === 'number')
              .map(([k, v]) => html`<dt>${k.replace(/_/g, ' ')}</dt><dd>${v}</dd>`)}
          </dl>
          ${report.merge_count
            ? html`<p>${report.merge_count} ${report.merge_count === 1 ? 'record' : 'records'} merged into entities that share an identifier (Bioguide, FEC, Open States…).</p>`
            : null}
          ${rows.length ? html`<h3>Warnings</h3><ul>${rows.map((d) => html`<li>${detailText(d)}</li>`)}</ul>` : null}
        </div>`
      : null}
  </section>`;
}
