// The sign-in view: paste an API token, get a session cookie.

import { html, useState, useRef, useEffect } from '../html.js';
import { post, setCsrf } from '../api.js';
import { update } from '../state.js';
import { Field, ErrorBox } from '../components.js';

export function SignIn({ onSignedIn }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef(null);
  useEffect(() => {
    const el = document.getElementById('signin-token');
    if (el) el.focus();
  }, []);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await post('/session', { token: token.trim() });
      setCsrf(data.csrf_token);
      update({ session: { ...data.token, via: data.via } });
      setToken('');
      if (onSignedIn) onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldErr = error && error.code === 'invalid' ? error.fieldErrors().token : '';
  return html`<section class="signin card" aria-labelledby="signin-h">
    <h1 id="signin-h">Sign in to powermap</h1>
    <p>Paste the API token you were given. <code>powermap serve</code> prints one on its first run; an admin makes more with <code>powermap token create</code>.</p>
    <form onSubmit=${submit} ref=${ref}>
      <${Field}
        label="API token"
        name="token"
        id="signin-token"
        type="password"
        autocomplete="off"
        required
        value=${token}
        error=${fieldErr}
        onInput=${(e) => setToken(e.currentTarget.value)}
      />
      ${error && !fieldErr ? html`<${ErrorBox} error=${error} />` : null}
      <button type="submit" class="primary" disabled=${busy || !token.trim()}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </section>`;
}
