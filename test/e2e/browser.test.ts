// The web UI and the HTML report in headless Chromium (Debian's chromium, driven by playwright-core):
// (a) the `--html` file from a real `analyze --json` run opens from disk with the network blocked and shows the
// culprit and charts; (b) the app served by `serve` on loopback asks for the token, starts an investigation from
// the form, shows the tool calls live and then the report with v2.4.1 and a drawn chart. Screenshots go to test-output/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { reportSchema } from '../../src/report/schema.js';
import { handleWebRequest } from '../../src/web/handler.js';
import { BIN, REPO, runCli, SAMPLE } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(REPO, 'test-output');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright gives every launch a fresh temporary profile (it refuses --user-data-dir with launch()).
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Text elements whose contrast with their background is under WCAG AA (4.5:1). */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const lum = ([r, g, b]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent?.trim())) continue;
      const a = lum(rgb(getComputedStyle(el).color));
      const b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) out.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
    }
    return out;
  });
}

/** Sizes of the drawn charts (canvas or svg) on the page. */
async function chartSizes(page: Page): Promise<Array<[number, number]>> {
  return page.$$eval('canvas, svg', (els) => els.map((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height] as [number, number]));
}

describe.skipIf(!haveChromium)('HTML report file in Chromium', () => {
  it('opens offline from disk with the culprit, the diff, and charts of real size; exports work without the network', async () => {
    const run = await runCli(['analyze', '500 errors on checkout API', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const file = join(mkdtempSync(join(tmpdir(), 'ip-html-')), 'report.html');
    writeFileSync(file, renderHtml(report));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const external: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`file://${file}`);
    await expect.poll(() => chartSizes(page).then((s) => s.filter(([w, h]) => w > 100 && h > 100).length)).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#culprit')).toContain('v2.4.1');
    expect(await page.textContent('.diff')).toContain('inventory.reserve');
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);

    // Keyboard: the first Tab reaches the skip link; Enter on it moves focus to the report.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // A legend entry toggles its series from the keyboard.
    const row = page.locator('.u-legend .u-series[role="button"]').first();
    await row.focus();
    await page.keyboard.press('Enter');
    expect(await row.getAttribute('class')).toMatch(/u-off/);
    await page.keyboard.press('Enter');
    expect(await row.getAttribute('class')).not.toMatch(/u-off/);

    // The JSON download is the embedded report, produced in the page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="json"]')]);
    const saved = join(mkdtempSync(join(tmpdir(), 'ip-dl-')), 'r.json');
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8')).rootCause.deployment).toBe('v2.4.1');
    const [md] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="markdown"]')]);
    await md.saveAs(`${saved}.md`);
    expect(readFileSync(`${saved}.md`, 'utf8')).toMatch(/^# Incident analysis/);

    await page.screenshot({ path: join(OUT, 'html-report-1280.png'), fullPage: true });

    // A phone: no horizontal scrolling of the page, charts still drawn.
    await page.setViewportSize({ width: 375, height: 800 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect((await chartSizes(page)).some(([w, h]) => w > 100 && w <= 375 && h > 100)).toBe(true);
    await page.screenshot({ path: join(OUT, 'html-report-375.png'), fullPage: true });
    await context.close();
  }, 90_000);
});

// ---- the app served by `serve` ----

const TOKEN = 'browser-operator-token-1234';

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** True when the CLI has the serve command (registered in src/cli/main.ts). */
function serveIsRegistered(): boolean {
  const main = join(REPO, 'dist', 'cli', 'main.js');
  return existsSync(main) && /registerServeCommand/.test(readFileSync(main, 'utf8'));
}

const serveLauncher = join(REPO, 'test', 'service', 'serve-bin.mjs');
const canServe = existsSync(join(REPO, 'dist', 'cli', 'serve.js')) && (serveIsRegistered() || existsSync(serveLauncher));

async function startServe(): Promise<Running> {
  // The bin when `serve` is registered; until then the service's own test launcher of dist/cli/serve.js.
  const entry = serveIsRegistered() ? BIN : serveLauncher;
  if (entry !== BIN) console.warn('browser test: `serve` is not registered in src/cli/main.ts yet; starting it through test/service/serve-bin.mjs');
  const db = join(mkdtempSync(join(tmpdir(), 'ip-web-db-')), 'db.sqlite');
  const child = spawn(process.execPath, [entry, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', SAMPLE, '--db', db], {
    cwd: REPO,
    env: { ...process.env, INCIDENT_PILOT_TOKENS: `${TOKEN}:operator`, INCIDENT_PILOT_JWT_SECRET: '', INCIDENT_PILOT_JWKS_URL: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 45_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}):\n${err}`));
    });
  });
  return { child, url, stderr: () => err };
}

/**
 * When the service does not mount the web app yet, a loopback front serves the app with handleWebRequest and
 * passes everything else (the API, the event stream) through to serve unchanged.
 */
async function startFront(target: string): Promise<Server> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    if (handleWebRequest(req, res)) return;
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describe.skipIf(!haveChromium || !canServe)('web app on serve in Chromium', () => {
  let serve: Running | undefined;
  let front: Server | undefined;

  afterAll(async () => {
    front?.close();
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await new Promise((r) => serve!.child.once('exit', r));
    }
  });

  it('asks for the token, starts an investigation from the form, streams tool calls, then shows v2.4.1 and a chart', async () => {
    serve = await startServe();
    const mounted = (await fetch(`${serve.url}/`).then((r) => r.text())).includes('/assets/app.js');
    if (!mounted) {
      console.warn('browser test: serve does not route / to handleWebRequest yet; testing the app through a loopback front');
      front = await startFront(serve.url);
    }
    const base = front ? `http://127.0.0.1:${(front.address() as AddressInfo).port}` : serve.url;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);

    // The service has tokens configured: the list answers 401 and the app asks for a token.
    await page.waitForSelector('#token-input');
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#list table, #list p.muted:not(:empty)');
    expect(await page.evaluate(() => sessionStorage.getItem('incident-pilot-token'))).toBe(TOKEN);

    await page.fill('#incident', '500 errors on checkout API');
    await page.click('#start-button');
    await page.waitForURL(/#\/i\/[\w-]+$/);
    // Tool calls appear while it runs, before the report.
    await page.waitForSelector('#live li', { timeout: 60_000 });
    await page.waitForSelector('#culprit', { timeout: 90_000 });
    expect(await page.textContent('#culprit')).toContain('v2.4.1');
    expect(await page.$$eval('#live li', (lis) => lis.some((li) => /get_deployments|log_patterns/.test(li.textContent ?? '')))).toBe(true);
    await expect.poll(() => chartSizes(page).then((s) => s.filter(([w, h]) => w > 100 && h > 100).length)).toBeGreaterThanOrEqual(1);
    expect(await lowContrast(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, 'web-report-1280.png'), fullPage: true });

    // Back to the list: the finished run is there with its culprit.
    await page.click('a[href="#/"]');
    await expect.poll(() => page.textContent('#list'), { timeout: 10_000 }).toContain('v2.4.1');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(OUT, 'web-list-375.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);
});
