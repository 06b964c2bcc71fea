// The web UI and the HTML report in headless Chromium (Debian's chromium, driven by playwright-core):
// (a) the HTML file of an `analyze --json` run opens from disk with the network blocked and shows the culprit and
// charts; (b) the app served by `serve` on loopback asks for the token, starts an investigation from the form, shows
// the tool calls live and then the report with v2.4.1 and a drawn chart. The CLI and the service run in this process
// (their real processes are tested in e2e/analyze.test.ts and service/serve-e2e.test.ts). Screenshots go to
// test-output/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/web/html-report.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { formatUtcTime } from '../../src/web/view/chart-specs.js';
import { startServiceInProcess, type Service } from '../service/helpers.js';
import { NO_BACKENDS_ENV } from '../helpers/env.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { REPO, SAMPLE } from './helpers.js';
import { findChromium, missingTools, needsTitle } from '../helpers/tools.js';

const OUT = join(REPO, 'test-output');
const MISSING = missingTools('test/e2e/browser.test.ts', ['chromium']);
const haveChromium = MISSING.length === 0;
const CHROMIUM = findChromium() ?? 'chromium';

let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
  return page.$$eval('canvas, svg', (els) =>
    els.map((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height] as [number, number]),
  );
}

let sample: Promise<{ report: Report; file: string }> | undefined;

/** The sample's report from an `analyze --json` run (in process), and its HTML file: made once for the tests below. */
function sampleReport(): Promise<{ report: Report; file: string }> {
  sample ??= runCli(['analyze', '500 errors on checkout API', '--json', '--llm', 'none']).then((run) => {
    expect(run.code, run.stderr).toBe(0);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const file = join(mkdtempSync(join(tmpdir(), 'ip-html-')), 'report.html');
    writeFileSync(file, renderHtml(report));
    return { report, file };
  });
  return sample;
}

describe.skipIf(!haveChromium)(needsTitle(MISSING, 'HTML report file in Chromium'), () => {
  it('opens offline from disk with the culprit, the diff, and charts of real size; exports work without the network', async () => {
    const { file } = await sampleReport();

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
    await expect
      .poll(() => chartSizes(page).then((s) => s.filter(([w, h]) => w > 100 && h > 100).length))
      .toBeGreaterThanOrEqual(2);
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

// ---- charts in a browser whose zone is New York ----

/**
 * Records the texts drawn on each canvas since it was last cleared (a redraw starts with a clear), with their
 * boxes: the charts draw on canvas, so this is how a test reads them.
 */
const RECORD_CANVAS_TEXT = `(() => {
  const ids = new WeakMap(); let next = 0;
  window.__texts = [];
  const clear = CanvasRenderingContext2D.prototype.clearRect;
  CanvasRenderingContext2D.prototype.clearRect = function (x, y, w, h) {
    if (x === 0 && y === 0 && w >= this.canvas.width && h >= this.canvas.height && ids.has(this.canvas)) {
      const id = ids.get(this.canvas);
      window.__texts = window.__texts.filter((t) => t.canvas !== id);
    }
    return clear.call(this, x, y, w, h);
  };
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    if (!ids.has(this.canvas)) ids.set(this.canvas, next++);
    const w = this.measureText(String(text)).width;
    const a = this.textAlign;
    const left = a === 'center' ? x - w / 2 : a === 'right' || a === 'end' ? x - w : x;
    window.__texts.push({ canvas: ids.get(this.canvas), text: String(text), left, right: left + w, y });
    return fill.call(this, text, x, y, ...rest);
  };
})();`;

interface DrawnText {
  canvas: number;
  text: string;
  left: number;
  right: number;
  y: number;
}

describe.skipIf(!haveChromium)(needsTitle(MISSING, 'charts in Chromium in the America/New_York time zone'), () => {
  it('label times in UTC, never overlap their marker labels, and zoom together', async () => {
    const { report, file } = await sampleReport();
    // The page's time zone, set through Chromium's own emulation (what TZ= would do to a browser of its own).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'America/New_York',
    });
    await context.addInitScript(RECORD_CANVAS_TEXT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`file://${file}`);
    // The browser really is in New York (UTC-5 in January).
    expect(await page.evaluate(() => new Date('2025-01-15T14:25:00Z').getTimezoneOffset())).toBe(300);
    await expect.poll(() => page.$$eval('[data-chart] canvas', (c) => c.length)).toBeGreaterThanOrEqual(2);

    // Axis ticks: UTC clock times (14:25Z is 14:25, not 9:25am), and no am/pm anywhere.
    const texts = (): Promise<DrawnText[]> =>
      page.evaluate(() => (window as unknown as { __texts: DrawnText[] }).__texts);
    const ticks = (await texts()).filter((t) => /^\d{2}:\d{2}$/.test(t.text)).map((t) => t.text);
    expect(ticks).toContain('14:30');
    expect(ticks).toContain('15:00');
    expect((await texts()).some((t) => /\d(am|pm)$/.test(t.text))).toBe(false);

    // The legend's reading of the cursor: a UTC time that is one of the data's own times.
    const over = page.locator('[data-chart="0"] .u-over');
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 3 });
    const legend = page.locator('[data-chart="0"] .u-legend .u-series').first().locator('.u-value');
    await expect.poll(async () => (await legend.textContent())?.trim()).not.toBe('--');
    const legendTime = (await legend.textContent())!.trim();
    expect(legendTime).toMatch(/^2025-01-15 \d{2}:\d{2}:\d{2} UTC$/);
    const times = new Set(report.charts!.series.flatMap((s) => s.points.map(([t]) => formatUtcTime(t))));
    expect(times.has(legendTime), legendTime).toBe(true);

    // Marker labels on each canvas: none overlaps another in its row (read from the last drawing of each canvas).
    const names = report.charts!.markers.map((m) => (m.label.length > 24 ? m.label.slice(0, 23) : m.label));
    const labels = (await texts()).filter((t) => names.some((n) => t.text.startsWith(n)));
    expect(labels.length).toBeGreaterThanOrEqual(report.charts!.markers.length);
    for (const a of labels) {
      for (const b of labels) {
        if (a === b || a.canvas !== b.canvas || Math.abs(a.y - b.y) >= 11) continue;
        expect(a.right <= b.left || b.right <= a.left, `"${a.text}" and "${b.text}" overlap`).toBe(true);
      }
    }

    // One zoom for all: drag across the first chart, every chart shows the same narrower range; double-click restores.
    const ranges = () =>
      page.$$eval('[data-chart]', (els) => els.map((el) => (el as HTMLElement).dataset.xRange ?? ''));
    const before = await ranges();
    expect(new Set(before).size).toBe(1);
    await over.scrollIntoViewIfNeeded();
    const over0 = (await over.boundingBox())!;
    await page.mouse.move(over0.x + over0.width * 0.6, over0.y + over0.height / 2);
    await page.mouse.down();
    await page.mouse.move(over0.x + over0.width * 0.85, over0.y + over0.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => new Set(await ranges()).size).toBe(1);
    const zoomed = (await ranges())[0].split(',').map(Number);
    const full = before[0].split(',').map(Number);
    expect(zoomed[0]).toBeGreaterThan(full[0]);
    expect(zoomed[1]).toBeLessThan(full[1]);
    await page.locator('[data-chart="1"] .u-over').dblclick();
    await expect.poll(async () => (await ranges()).every((r) => r === before[0])).toBe(true);
    await page.screenshot({ path: join(OUT, 'charts-new-york.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

// ---- the app served by `serve` ----

const TOKEN = 'browser-operator-token-1234';
const VIEWER_TOKEN = 'browser-viewer-token-1234';

/** The service `serve` runs, in this process: with the sample as --data and tokens, or with nothing configured. */
function startServe(opts: { withData?: boolean; tokens?: string } = {}): Promise<Service> {
  const db = join(mkdtempSync(join(tmpdir(), 'ip-web-db-')), 'db.sqlite');
  const data = opts.withData === false ? [] : ['--data', SAMPLE];
  return startServiceInProcess(['--host', '127.0.0.1', ...data, '--db', db], {
    ...NO_BACKENDS_ENV,
    INCIDENT_PILOT_TOKENS: opts.tokens ?? '',
  });
}

/**
 * A page that may reach only loopback, with its script errors and its failed requests (other than the 401s asked for).
 */
async function openApp(
  base: string,
): Promise<{ page: Page; errors: string[]; failed: string[]; icons: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  const icons: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && r.status() !== 401) failed.push(`${r.status()} ${path}`);
    if (path.startsWith('/favicon')) icons.push(`${r.status()} ${path}`);
  });
  await page.goto(`${base}/`);
  return { page, errors, failed, icons, close: () => context.close() };
}

async function enterToken(page: Page, token: string): Promise<void> {
  await page.waitForSelector('#token-input');
  await page.fill('#token-input', token);
  await page.press('#token-input', 'Enter');
  await page.waitForSelector('#list table, #list p.muted:not(:empty)');
}

describe.skipIf(!haveChromium)(needsTitle(MISSING, 'web app on serve in Chromium'), () => {
  let serve: Service | undefined;
  afterAll(() => serve?.stop());

  it('asks for the token, starts an investigation from the form, streams tool calls, then shows v2.4.1, a chart and how long it took', async () => {
    serve = await startServe({ tokens: `${TOKEN}:operator,${VIEWER_TOKEN}:viewer` });
    const { page, errors, failed, close } = await openApp(serve.url);

    // The service has tokens configured: the list answers 401, the app asks for a token and offers to change it.
    await enterToken(page, TOKEN);
    expect(await page.evaluate(() => sessionStorage.getItem('incident-pilot-token'))).toBe(TOKEN);
    expect(await page.isVisible('#change-token')).toBe(true);
    expect(await page.isVisible('#sample-banner')).toBe(false);
    // "LLM (auto)" says what it resolves to here: no provider is configured, so the engine.
    expect(await page.textContent('#analyst option[value="auto"]')).toBe('LLM (auto: correlation engine)');

    await page.fill('#incident', '500 errors on checkout API');
    await page.selectOption('#analyst', 'auto');
    await page.click('#start-button');
    await page.waitForURL(/#\/i\/[\w-]+$/);
    // Tool calls appear while it runs, before the report.
    await page.waitForSelector('#live li', { timeout: 60_000 });
    await page.waitForSelector('#culprit', { timeout: 90_000 });
    expect(await page.textContent('#culprit')).toContain('v2.4.1');
    expect(
      await page.$$eval('#live li', (lis) =>
        lis.some((li) => /get_deployments|log_patterns/.test(li.textContent ?? '')),
      ),
    ).toBe(true);
    await expect
      .poll(() => chartSizes(page).then((s) => s.filter(([w, h]) => w > 100 && h > 100).length))
      .toBeGreaterThanOrEqual(1);
    expect(await page.textContent('#run-duration')).toMatch(/^took \d+(\.\d)? (ms|s)$|^took \d+ min \d{2} s$/);
    expect(await page.textContent('#run-analyst')).toBe('analyst auto → correlation engine');
    expect(await lowContrast(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, 'web-report-1280.png'), fullPage: true });

    // Back to the list: the finished run is there with its culprit.
    await page.click('a[href="#/"]');
    await expect.poll(() => page.textContent('#list'), { timeout: 10_000 }).toContain('v2.4.1');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(OUT, 'web-list-375.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await close();
  }, 150_000);

  it('a viewer sees the investigations but no start form', async () => {
    const { page, errors, failed, close } = await openApp(serve!.url);
    await enterToken(page, VIEWER_TOKEN);
    await page.waitForSelector('#viewer-note');
    expect(await page.textContent('#viewer-note')).toMatch(/viewer.*operator role/);
    expect(await page.$('#start-form')).toBeNull();
    expect(await page.textContent('#list')).toContain('v2.4.1');
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await close();
  }, 60_000);
});

describe.skipIf(!haveChromium)(needsTitle(MISSING, 'web app on serve with no data and no auth'), () => {
  let serve: Service | undefined;
  afterAll(() => serve?.stop());

  it('says it is serving the bundled sample, shows no token button, and the browser gets no 404 (favicon included)', async () => {
    serve = await startServe({ withData: false });
    expect(serve.stderr()).toMatch(/serving the bundled sample incident/);
    const { page, errors, failed, close, icons } = await openApp(serve.url);
    await page.waitForSelector('#start-form');
    expect(await page.isVisible('#sample-banner')).toBe(true);
    expect(await page.textContent('#sample-banner')).toMatch(/bundled sample incident/);
    expect(await page.isVisible('#change-token')).toBe(false);
    expect(await page.$('#token-input')).toBeNull();
    // The browser loads the icon the page links to; /favicon.ico, which some browsers ask for anyway, is there too.
    await expect.poll(() => icons.includes('200 /favicon.svg')).toBe(true);
    expect((await page.request.get(`${serve.url}/favicon.ico`)).status()).toBe(200);
    await page.screenshot({ path: join(OUT, 'web-sample-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await close();
  }, 90_000);
});
