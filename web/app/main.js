// main.js boots the UI: it learns who is signed in, registers the views and
// renders the shell (header with the global search, navigation, the view).

import { html, render, useEffect, useState } from './html.js';
import { get, post, del, setCsrf, onUnauthorized } from './api.js';
import { state, update, useAppState, exposed, canEdit, mark } from './state.js';
import { route, nav, navEntries, useRoute } from './router.js';
import { Loading, ErrorBox } from './components.js';
import { SignIn } from './views/signin.js';
import { SearchBox } from './views/searchbox.js';
import { Home } from './views/home.js';
import { MapView } from './views/mapview.js';
import { WhoKnows } from './views/whoknows.js';
import { EntityView } from './views/entity.js';
import { Rankings } from './views/rankings.js';
import { ImportView } from './views/importview.js';
import { SearchView } from './views/search.js';
import { BriefView } from './views/brief.js';
import './views/campaign.js';
import './views/dedupe.js';
import './views/events.js';
import './views/questions.js';
import './views/speakers.js';
import './views/community.js';

route('/', Home, { title: 'Home' });
route('/entity/:id', EntityView, { title: 'Entity' });
route('/entity/:id/brief', BriefView, { title: 'Brief' });
route('/map/:id', MapView, { title: 'Map' });
route('/who-knows', WhoKnows, { title: 'Who knows' });
route('/rankings', Rankings, { title: 'Rankings' });
route('/import', ImportView, { title: 'Import' });
route('/search', SearchView, { title: 'Search' });

nav('Browse', '#/', { match: '/' });
nav('Who knows…?', '#/who-knows', { match: '/who-knows' });
nav('Rankings', '#/rankings', { match: '/rankings' });
nav('Import', '#/import', { match: '/import', editorOnly: true });

// takeLinkToken handles the sign-in link that `powermap serve` prints on its
// first run (…/#token=pm_…): it reads the token and clears it from the
// address bar and history before the router or anything else sees the
// address, so that the app starts on the home view and the token is never
// rendered. It returns the token, or '' when there is none.
function takeLinkToken() {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m) return '';
  history.replaceState(null, '', location.pathname + location.search + '#/');
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return '';
  }
}

const linkToken = takeLinkToken();

// signInFromLink trades the link's token for a session cookie. A bad token
// falls through to the sign-in page.
async function signInFromLink() {
  if (!linkToken) return;
  try {
    await post('/session', { token: linkToken });
  } catch {
    // The session check that follows shows the sign-in page.
  }
}

function App() {
  const st = useAppState();
  const r = useRoute();
  const [boot, setBoot] = useState({ loading: true, error: null });

  useEffect(() => {
    onUnauthorized(() => update({ session: null }));
    signInFromLink()
      .then(() => get('/session'))
      .then((s) => {
        if (s.csrf_token) setCsrf(s.csrf_token);
        update({ session: { ...s.token, via: s.via } });
        setBoot({ loading: false, error: null });
      })
      .catch((err) => {
        if (err.status === 401) update({ session: null });
        setBoot({ loading: false, error: err.status === 401 ? null : err });
      });
  }, []);

  useEffect(() => {
    document.title = `${r.title || 'powermap'} · powermap`;
    update({ route: { path: r.path, params: r.params, query: Object.fromEntries(r.query) } });
    const main = document.getElementById('main');
    if (main && exposed.ready) main.focus({ preventScroll: true });
  }, [r.path, r.query.toString()]);

  useEffect(() => {
    if (!boot.loading) {
      exposed.ready = true;
      mark('ready');
    }
  }, [boot.loading, st.session]);

  if (boot.loading) return html`<main id="main"><${Loading} what="Starting powermap" /></main>`;
  if (boot.error) return html`<main id="main"><${ErrorBox} error=${boot.error} onRetry=${() => location.reload()} /></main>`;
  if (!st.session) {
    return html`<main id="main" class="narrow"><${SignIn} /></main>`;
  }
  const View = r.view;
  const signOut = async () => {
    try {
      await del('/session');
    } catch {
      // Signed out either way.
    }
    setCsrf('');
    update({ session: null });
  };
  return html`<a class="skip" href="#main" onClick=${(e) => {
      e.preventDefault();
      document.getElementById('main').focus();
    }}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/">powermap</a>
      <${SearchBox} />
      <nav aria-label="Main">
        <ul>
          ${navEntries()
            .filter((n) => !n.editorOnly || canEdit())
            .map(
              (n) => html`<li><a href=${n.href} aria-current=${r.path === n.match || (n.match !== '/' && r.path.startsWith(n.match)) ? 'page' : undefined}>${n.label}</a></li>`,
            )}
        </ul>
      </nav>
      <div class="who">
        <span class="role" data-role=${st.session.role}>${st.session.name} · ${st.session.role}</span>
        <button type="button" onClick=${signOut}>Sign out</button>
      </div>
    </header>
    <main id="main" tabindex="-1">
      ${View ? html`<${View} key=${r.path} params=${r.params} query=${r.query} />` : html`<h1>Not found</h1><p>No page at ${r.path}. <a href="#/">Home</a></p>`}
    </main>`;
}

mark('boot');
const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
