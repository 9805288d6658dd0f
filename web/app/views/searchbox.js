// The global search box: a combobox fed by /search, ignoring case and
// diacritics, navigable with the keyboard (↑ ↓ Enter Escape).

import { html, useState, useEffect, useRef } from '../html.js';
import { get } from '../api.js';
import { navigate, entityHref, href } from '../router.js';
import { kindColor } from '../map/graphmap.js';

export function SearchBox({ id = 'search', label = 'Search people and organizations', onPick, placeholder = 'Search… (press /)' }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState([]);
  const [count, setCount] = useState({ total: 0, more: false, capped: false });
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
        const found = res.items || [];
        const c = { total: res.total ?? found.length, more: !!res.more, capped: !!res.total_capped };
        setItems(found);
        setCount(c);
        setActive(found.length ? 0 : -1);
        setOpen(true);
        setStatus(found.length ? matchesText(c, found.length) : 'No match');
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

  // The global box offers every match on the search page; a picker
  // (onPick) only its best ones.
  const seeAll = !onPick && count.more;
  const options = seeAll ? [...items, { seeAll: true }] : items;

  const pick = (e) => {
    setOpen(false);
    setQ('');
    setItems([]);
    if (e.seeAll) navigate(href('/search', { q: q.trim() }));
    else if (onPick) onPick(e);
    else navigate(entityHref(e.id));
  };

  const onKeyDown = (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        pick(options[active]);
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
      ${expanded && items.length > 0 ? html`<li class="empty count" role="presentation">${matchesText(count, items.length)}</li>` : null}
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
          <span class="meta">${[e.kind, roleOf(e)].filter(Boolean).join(' · ')}${e.ours ? ' · ours' : ''}</span>
        </li>`,
      )}
      ${seeAll
        ? html`<li
            id=${`${listId}-${items.length}`}
            role="option"
            aria-selected=${active === items.length ? 'true' : 'false'}
            class=${'seeall' + (active === items.length ? ' active' : '')}
            onMouseDown=${(ev) => {
              ev.preventDefault();
              pick({ seeAll: true });
            }}
          >See all ${count.capped ? `${count.total}+` : count.total} matches →</li>`
        : null}
      ${expanded && items.length === 0 ? html`<li class="empty" role="presentation">${status}</li>` : null}
    </ul>
    <span class="visually-hidden" role="status" aria-live="polite">${status}</span>
  </div>`;
}

/** matchesText says how many matched: "3 matches", "10 of 23 matches". */
export function matchesText(c, shown) {
  const total = c.capped ? `${c.total}+` : String(c.total);
  if (shown < c.total || c.capped) return `${shown} of ${total} matches`;
  return `${total} ${c.total === 1 ? 'match' : 'matches'}`;
}

/** roleOf is an entity's title, or else its organization type or labels. */
export function roleOf(e) {
  return e.title || e.org_type || (e.labels || []).join(', ');
}
