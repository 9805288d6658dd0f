// The global search box: a combobox fed by /search, ignoring case and
// diacritics, navigable with the keyboard (↑ ↓ Enter Escape).

import { html, useState, useEffect, useRef } from '../html.js';
import { get } from '../api.js';
import { navigate, entityHref } from '../router.js';
import { kindColor } from '../map/graphmap.js';

export function SearchBox({ id = 'search', label = 'Search people and organizations', onPick, placeholder = 'Search… (press /)' }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const input = useRef(null);
  const listId = `${id}-list`;

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setItems([]);
      setStatus('');
      return undefined;
    }
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      setStatus('Searching…');
      try {
        const res = await get('/search', { q: query, limit: 10 }, { signal: ctl.signal });
        setItems(res.items || []);
        setActive(res.items && res.items.length ? 0 : -1);
        setOpen(true);
        setStatus(res.items && res.items.length ? `${res.items.length} results` : 'No match');
      } catch (err) {
        if (err.name !== 'AbortError') {
          setItems([]);
          setStatus(`Search failed: ${err.message}`);
          setOpen(true);
        }
      }
    }, 150);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [q]);

  useEffect(() => {
    if (id !== 'search') return undefined;
    const onKey = (e) => {
      const tag = (e.target.tagName || '').toLowerCase();
      if (e.key === '/' && tag !== 'input' && tag !== 'textarea' && tag !== 'select') {
        e.preventDefault();
        input.current && input.current.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const pick = (e) => {
    setOpen(false);
    setQ(onPick ? '' : '');
    setItems([]);
    if (onPick) onPick(e);
    else navigate(entityHref(e.id));
  };

  const onKeyDown = (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const expanded = open && (items.length > 0 || !!status);
  return html`<div class="searchbox" role="search">
    <label for=${id} class="visually-hidden">${label}</label>
    <input
      id=${id}
      ref=${input}
      type="search"
      role="combobox"
      autocomplete="off"
      aria-autocomplete="list"
      aria-expanded=${expanded ? 'true' : 'false'}
      aria-controls=${listId}
      aria-activedescendant=${expanded && active >= 0 ? `${listId}-${active}` : undefined}
      placeholder=${placeholder}
      value=${q}
      onInput=${(e) => setQ(e.currentTarget.value)}
      onKeyDown=${onKeyDown}
      onFocus=${() => items.length && setOpen(true)}
      onBlur=${() => setTimeout(() => setOpen(false), 150)}
    />
    <ul id=${listId} role="listbox" aria-label="Search results" class=${'results' + (expanded ? ' open' : '')}>
      ${items.map(
        (e, i) => html`<li
          id=${`${listId}-${i}`}
          role="option"
          aria-selected=${i === active ? 'true' : 'false'}
          class=${i === active ? 'active' : ''}
          data-id=${e.id}
          onMouseDown=${(ev) => {
            ev.preventDefault();
            pick(e);
          }}
        >
          <span class="dot" style=${{ background: kindColor(e.kind) }} aria-hidden="true"></span>
          <span class="name">${e.name}</span>
          <span class="meta">${[e.kind, e.title].filter(Boolean).join(' · ')}${e.ours ? ' · ours' : ''}</span>
        </li>`,
      )}
      ${expanded && items.length === 0 ? html`<li class="empty" role="presentation">${status}</li>` : null}
    </ul>
    <span class="visually-hidden" role="status" aria-live="polite">${status}</span>
  </div>`;
}
