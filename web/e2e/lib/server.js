// server.js builds and starts the real powermap binary on a free loopback
// port with a temporary data directory and the demo data, reads the admin
// token it prints on first run, and makes editor and viewer tokens through
// the API.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { here } from './browser.js';

export const repoRoot = path.resolve(here, '..', '..', '..');

/** haveBinarySource reports whether cmd/powermap exists to be built. */
export function haveBinarySource() {
  return !!process.env.POWERMAP_BIN || existsSync(path.join(repoRoot, 'cmd', 'powermap'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** build compiles cmd/powermap into dir, unless POWERMAP_BIN names a binary. */
export function build(dir) {
  if (process.env.POWERMAP_BIN) return process.env.POWERMAP_BIN;
  const bin = path.join(dir, 'powermap');
  execFileSync('go', ['build', '-o', bin, './cmd/powermap'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  return bin;
}

const TOKEN_RE = /\b(pm_[A-Za-z0-9_-]{20,})/;

/**
 * start runs `powermap serve --data TMP --addr 127.0.0.1:PORT --demo` and
 * resolves to {url, adminToken, token(role), stop()} once /healthz answers.
 */
export async function start({ extraArgs = [] } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'powermap-e2e-'));
  const bin = build(tmp);
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const data = path.join(tmp, 'data');
  // The embedded store in a fresh folder: never a Neo4j named by the
  // caller's environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NEO4J_|POWERMAP_)/.test(k)));
  const child = spawn(bin, ['serve', '--data', data, '--addr', addr, '--demo', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  let adminToken = '';
  const onData = (b) => {
    output += b.toString();
    const m = TOKEN_RE.exec(output);
    if (m && !adminToken) adminToken = m[1];
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const url = `http://${addr}`;
  const deadline = Date.now() + 120_000;
  const fail = (msg) => {
    if (exited === null) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    return new Error(`${msg}:\n${output}`);
  };
  for (;;) {
    if (exited !== null) throw fail(`powermap exited with ${exited}`);
    if (Date.now() > deadline) throw fail('powermap did not become ready within 120 s (no first-run admin token printed?)');
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok && adminToken) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tokens = { admin: adminToken };
  const srv = {
    url,
    output: () => output,
    adminToken,
    /** api calls the API with the admin token (or another). */
    async api(method, p, body, token = adminToken) {
      const res = await fetch(`${url}/api/v1${p}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, body: json, headers: res.headers };
    },
    /** token returns a secret for role, creating it through POST /tokens once. */
    async token(role) {
      if (tokens[role]) return tokens[role];
      const r = await srv.api('POST', '/tokens', { name: `e2e-${role}`, role });
      if (r.status !== 201 && r.status !== 200) throw new Error(`POST /tokens ${role}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens[role] = r.body.secret;
      return tokens[role];
    },
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            r();
          }, 10_000);
          child.on('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return srv;
}
