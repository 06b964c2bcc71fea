// handleWebRequest: serves the page and its assets with security headers; leaves every other request alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleWebRequest } from '../../src/web/handler.js';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleWebRequest(req, res)) return;
    res.writeHead(418).end('not web');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('handleWebRequest', () => {
  it('serves the page at / with a CSP that allows only this origin', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    expect(page).toContain('<script src="/assets/app.js"></script>');
    expect(page).toContain('<a class="skip-link" href="#main">');
    expect(page).not.toMatch(/(src|href)="https?:/);
  });

  it('serves the app script, the chart library and the styles', async () => {
    const app = await fetch(`${base}/assets/app.js`);
    expect(app.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await app.text();
    expect(() => new Script(code)).not.toThrow();
    expect(code).toContain('followEvents');
    expect(await fetch(`${base}/assets/uplot.js`).then((r) => r.text())).toMatch(/var uPlot=/);
    expect(await fetch(`${base}/assets/app.css`).then((r) => r.text())).toContain('.skip-link');
  });

  it('serves an icon at /favicon.svg (linked from the page) and at /favicon.ico, so browsers get no 404', async () => {
    const page = await fetch(`${base}/`).then((r) => r.text());
    expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });

  it('hides the access token button until the service asks for a token', async () => {
    const page = await fetch(`${base}/`).then((r) => r.text());
    expect(page).toContain('<button type="button" class="secondary" id="change-token" hidden>Access token</button>');
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${base}/assets/app.css`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
  });

  it('returns false for the API, unknown assets and other methods', async () => {
    expect((await fetch(`${base}/api/investigations`)).status).toBe(418);
    expect((await fetch(`${base}/assets/../package.json`)).status).toBe(418);
    expect((await fetch(`${base}/assets/secret.js`)).status).toBe(418);
    expect((await fetch(`${base}/`, { method: 'POST', body: '{}' })).status).toBe(418);
  });
});
