// Serves the web app: `/` (the page) and /assets/* (our script, the styles, the chart library). The page holds
// no data: everything it shows comes from the authenticated API, so these paths need no token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readChartLibrary } from './assets.js';
import { bundleBrowserModules } from './bundle.js';
import { renderAppPage } from './page.js';
import { APP_CSS, REPORT_CSS } from './view/styles.js';

interface Asset {
  type: string;
  body: () => string;
}

/** The app's icon (a magnifier over a pulse line); also answers /favicon.ico, which browsers ask for regardless. */
const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b3d6e"/><path d="M4 18h5l3-7 4 12 3-8h3" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/><circle cx="24" cy="10" r="4" fill="none" stroke="#ffd166" stroke-width="2.5"/></svg>`;

const ASSETS: Record<string, Asset> = {
  '/favicon.svg': { type: 'image/svg+xml', body: () => ICON_SVG },
  '/favicon.ico': { type: 'image/svg+xml', body: () => ICON_SVG },
  '/': { type: 'text/html; charset=utf-8', body: renderAppPage },
  '/index.html': { type: 'text/html; charset=utf-8', body: renderAppPage },
  '/assets/app.js': { type: 'text/javascript; charset=utf-8', body: () => bundleBrowserModules('web/client/app.js') },
  '/assets/app.css': {
    type: 'text/css; charset=utf-8',
    body: () => `${readChartLibrary().css}\n${REPORT_CSS}\n${APP_CSS}`,
  },
  '/assets/uplot.js': { type: 'text/javascript; charset=utf-8', body: () => readChartLibrary().js },
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const bodies = new Map<string, Buffer>();

/** Answers GET/HEAD of the page and its assets and returns true; returns false for any other request. */
export function handleWebRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  const asset = ASSETS[path];
  if (!asset) return false;
  let body = bodies.get(path);
  if (!body) {
    try {
      body = Buffer.from(asset.body(), 'utf8');
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`web asset ${path} is not available: ${(err as Error).message}\n`);
      return true;
    }
    bodies.set(path, body);
  }
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': body.length,
    'cache-control': path.startsWith('/assets/') || path.startsWith('/favicon.') ? 'public, max-age=300' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
