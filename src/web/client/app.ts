// The web app at `/`: the investigations list and the start form; an investigation's live tool calls while it
// runs, then its report (the same markup and charts as the HTML file). Asks for a token when the service says 401.
import type { Report } from '../../report/schema.js';
import type { UiInfo } from '../ui-info.js';
import { escapeHtml as e } from '../view/escape.js';
import { renderReportBody } from '../view/report-view.js';
import { AuthRequired, followEvents, readToken, requestJson, saveToken, type StreamEvent } from './api.js';
import { drawCharts } from './charts.js';
import { describeAnalyst, formatDuration, runDuration } from './format.js';
import { wireExports } from './export.js';

interface Summary {
  id: string;
  status: string;
  incident: string;
  createdAt: string;
  /** In the record; in the list when the service sends them. */
  startedAt?: string | null;
  finishedAt?: string | null;
  culprit: string | null;
  confidence: number | null;
}

interface InvestigationRecord extends Summary {
  error: string | null;
  report: Report | null;
  llm: string;
}

/** From the service with the list: sample data, auth, the caller's role, what auto resolves to. */
let uiInfo: UiInfo | null = null;

function showTokenButton(): void {
  const button = document.getElementById('change-token');
  if (button) button.hidden = false;
}

const view = (): HTMLElement => document.getElementById('view')!;
let leaveView: () => void = () => {};

function formatAge(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

function statusBadge(status: string): string {
  return `<span class="status status-${e(status)}">${e(status)}</span>`;
}

function showAuthPrompt(message: string, retry: () => void): void {
  showTokenButton();
  const area = document.getElementById('token-area')!;
  area.innerHTML = `<section class="card" aria-labelledby="token-title"><h2 id="token-title">Access token needed</h2>
<p>${e(message)}. Enter a token issued for this service; it is kept in this tab only (session storage).</p>
<form id="token-form"><label for="token-input">Access token</label><input id="token-input" type="password" autocomplete="off" required>
<p><button type="submit">Use token</button></p></form></section>`;
  const input = document.getElementById('token-input') as HTMLInputElement;
  input.focus();
  document.getElementById('token-form')!.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveToken(input.value.trim());
    area.innerHTML = '';
    retry();
  });
}

/** Runs an API action; a 401 brings up the token form and retries after it. */
async function guarded(action: () => Promise<void>, onError: (message: string) => void): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof AuthRequired)
      showAuthPrompt(
        readToken() ? 'The token was refused' : 'This service requires a token',
        () => void guarded(action, onError),
      );
    else onError((err as Error).message);
  }
}

function durationCell(i: Summary): string {
  if (i.startedAt === undefined) return '';
  const ms = runDuration(i.startedAt, i.finishedAt ?? null, Date.now());
  return `<td data-label="Duration">${ms === null ? '-' : e(formatDuration(ms))}${i.finishedAt || ms === null ? '' : ' so far'}</td>`;
}

function renderListTable(items: Summary[]): string {
  if (!items.length)
    return `<p class="muted">No investigations yet.${uiInfo && uiInfo.role === 'viewer' ? '' : ' Start one above.'}</p>`;
  const withDuration = items.some((i) => i.startedAt !== undefined);
  const rows = items
    .map(
      (i) =>
        `<tr><td data-label="Status">${statusBadge(i.status)}</td><td data-label="Incident"><a href="#/i/${encodeURIComponent(i.id)}">${e(i.incident)}</a></td><td data-label="Culprit">${e(
          i.culprit ?? '-',
        )}</td><td data-label="Confidence">${i.confidence === null ? '-' : `${Math.round(i.confidence * 100)}%`}</td><td data-label="Age"><time datetime="${e(i.createdAt)}">${e(
          formatAge(i.createdAt),
        )}</time></td>${withDuration ? durationCell(i) || '<td data-label="Duration">-</td>' : ''}</tr>`,
    )
    .join('');
  const durationHead = withDuration ? '<th scope="col">Duration</th>' : '';
  return `<div class="scroll"><table class="list"><thead><tr><th scope="col">Status</th><th scope="col">Incident</th><th scope="col">Culprit</th><th scope="col">Confidence</th><th scope="col">Age</th>${durationHead}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

const START_FORM = `<form class="start" id="start-form" novalidate>
<div class="wide"><label for="incident">Incident</label><textarea id="incident" name="incident" required maxlength="4000" placeholder="e.g. 500 errors on checkout API since 14:40"></textarea></div>
<div><label for="since">Since (optional)</label><input id="since" name="since" placeholder="2025-01-15T14:00:00Z or 2h"></div>
<div><label for="until">Until (optional)</label><input id="until" name="until" placeholder="2025-01-15T16:00:00Z"></div>
<div><label for="analyst">Analyst</label><select id="analyst" name="analyst"><option value="engine">Correlation engine</option><option value="auto" id="analyst-auto">LLM (auto)</option></select></div>
<div><button type="submit" id="start-button">Investigate</button></div>
<p class="error wide" id="start-error" role="alert"></p>
</form>`;

function wireStartForm(): void {
  const form = document.getElementById('start-form') as HTMLFormElement;
  const errorEl = document.getElementById('start-error')!;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const incident = (document.getElementById('incident') as HTMLTextAreaElement).value.trim();
    if (!incident) {
      errorEl.textContent = 'Describe the incident first.';
      (document.getElementById('incident') as HTMLTextAreaElement).focus();
      return;
    }
    const since = (document.getElementById('since') as HTMLInputElement).value.trim();
    const until = (document.getElementById('until') as HTMLInputElement).value.trim();
    const llm = (document.getElementById('analyst') as HTMLSelectElement).value;
    const button = document.getElementById('start-button') as HTMLButtonElement;
    button.disabled = true;
    errorEl.textContent = '';
    void guarded(
      async () => {
        const body = { incident, ...(since ? { since } : {}), ...(until ? { until } : {}), llm };
        const { id } = await requestJson<{ id: string }>('/api/investigations', { method: 'POST', body });
        location.hash = `#/i/${encodeURIComponent(id)}`;
      },
      (message) => (errorEl.textContent = `Could not start: ${message}`),
    ).finally(() => (button.disabled = false));
  });
}

/** The start card, once the service has said who the caller is: viewers get a note instead of the form. */
function fillStartCard(ui: UiInfo): void {
  const card = document.getElementById('start-card');
  // Filled once per role: a new token (another role) redraws it, a list refresh does not wipe what is typed.
  if (!card || card.dataset.role === ui.role) return;
  card.dataset.role = ui.role;
  const banner = document.getElementById('sample-banner')!;
  banner.hidden = !ui.sample;
  if (ui.role === 'viewer') {
    card.innerHTML = `<h2 id="start-title" tabindex="-1">Start an investigation</h2><p class="muted" id="viewer-note">You are signed in as a viewer: you can read investigations; starting one needs the operator role.</p>`;
    return;
  }
  card.innerHTML = `<h2 id="start-title" tabindex="-1">Start an investigation</h2>${START_FORM}`;
  if (ui.autoAnalyst)
    (document.getElementById('analyst-auto') as HTMLOptionElement).textContent =
      `LLM (auto: ${describeAnalyst(ui.autoAnalyst)})`;
  wireStartForm();
}

function showHome(): void {
  view().innerHTML = `<p class="notice" id="sample-banner" role="status" hidden>No data or backend is configured: this service is serving the <strong>bundled sample incident</strong>. Start <code>incident-pilot serve --data DIR</code> (or set a backend) to investigate your own.</p>
<section class="card" aria-labelledby="start-title" id="start-card"><h2 id="start-title" tabindex="-1">Start an investigation</h2><p class="muted">Loading…</p></section>
<section class="card" aria-labelledby="list-title"><h2 id="list-title">Investigations</h2><div id="list" aria-live="polite"><p class="muted">Loading…</p></div></section>`;
  if (uiInfo) fillStartCard(uiInfo);

  const listEl = document.getElementById('list')!;
  const refresh = () =>
    guarded(
      async () => {
        const { investigations, ui } = await requestJson<{ investigations: Summary[]; ui?: UiInfo }>(
          '/api/investigations',
        );
        if (ui) applyUiInfo(ui);
        // A service that says nothing about the caller: show the form, and let the API answer for the role.
        else fillStartCard({ sample: false, auth: false, role: 'operator', autoAnalyst: '' });
        listEl.innerHTML = renderListTable(investigations);
      },
      (message) => (listEl.innerHTML = `<p class="error">Could not load the list: ${e(message)}</p>`),
    );
  void refresh();
  const timer = setInterval(() => void refresh(), 5000);
  leaveView = () => clearInterval(timer);
}

function applyUiInfo(ui: UiInfo): void {
  uiInfo = ui;
  if (ui.auth) showTokenButton();
  fillStartCard(ui);
}

function describeEvent(ev: StreamEvent): { text: string; failed: boolean } | null {
  const d = ev.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));
  if (ev.type === 'tool_call')
    return { text: `→ ${str(d.server)}.${str(d.tool)} ${JSON.stringify(d.arguments ?? {})}`, failed: false };
  if (ev.type === 'tool_result')
    return {
      text: `${d.ok ? '✓' : '✗'} ${str(d.tool)} (${str(d.durationMs)} ms): ${str(d.summary ?? '')}`,
      failed: !d.ok,
    };
  if (ev.type === 'step') return { text: `· ${str(d.message)}`, failed: false };
  if (ev.type === 'status') return { text: `status: ${str(d.status)}`, failed: false };
  if (ev.type === 'done')
    return {
      text: d.status === 'done' ? `done: ${str(d.culprit)}` : `failed: ${str(d.error)}`,
      failed: d.status !== 'done',
    };
  return null;
}

function showReport(container: HTMLElement, report: Report): void {
  try {
    container.innerHTML = renderReportBody(report);
    wireExports(container, report);
    drawCharts(container, report);
  } catch (err) {
    // A report this page cannot draw still has its JSON in the API; say so instead of a blank page.
    container.innerHTML = `<p class="error">Could not show the report: ${e((err as Error).message)}</p>`;
  }
}

function showInvestigation(id: string): void {
  view().innerHTML = `<p><a href="#/">← All investigations</a></p>
<section class="card" aria-labelledby="run-title"><h2 id="run-title" tabindex="-1">Investigation</h2>
<p id="run-summary" class="muted">Loading…</p>
<details id="live-box" open><summary>Tool calls as they happen</summary><ol class="live" id="live" aria-live="polite"></ol></details></section>
<div id="report"></div>`;
  const summary = document.getElementById('run-summary')!;
  const live = document.getElementById('live')!;
  const reportEl = document.getElementById('report')!;
  const controller = new AbortController();
  leaveView = () => controller.abort();

  const showRecord = (rec: InvestigationRecord) => {
    const ms = runDuration(rec.startedAt ?? null, rec.finishedAt ?? null, Date.now());
    const took =
      ms === null
        ? ''
        : ` · <span id="run-duration">${rec.finishedAt ? 'took' : 'running for'} ${e(formatDuration(ms))}</span>`;
    // "auto" (or a provider) resolves to what actually wrote the report: say which.
    const resolved = rec.report && rec.report.analyst !== rec.llm ? ` → ${e(describeAnalyst(rec.report.analyst))}` : '';
    summary.innerHTML = `${statusBadge(rec.status)} · ${e(rec.incident)} · <span id="run-analyst">analyst ${e(rec.llm)}${resolved}</span>${took}${rec.error ? ` · <span class="error">${e(rec.error)}</span>` : ''}`;
    if (rec.report) {
      showReport(reportEl, rec.report);
      (document.getElementById('live-box') as HTMLDetailsElement).open = false;
    }
  };
  const load = async () => {
    const rec = await requestJson<InvestigationRecord>(`/api/investigations/${encodeURIComponent(id)}`);
    showRecord(rec);
    if (rec.status === 'done' && rec.report) return;
    await followEvents(
      id,
      (ev) => {
        const line = describeEvent(ev);
        if (line) {
          const li = document.createElement('li');
          li.textContent = line.text;
          if (line.failed) li.className = 'failed';
          live.appendChild(li);
        }
        if (ev.type === 'status') summary.innerHTML = `${statusBadge(String(ev.data.status))} · ${e(rec.incident)}`;
      },
      controller.signal,
    );
    if (!controller.signal.aborted)
      showRecord(await requestJson<InvestigationRecord>(`/api/investigations/${encodeURIComponent(id)}`));
  };
  void guarded(load, (message) => {
    if (!controller.signal.aborted) summary.innerHTML = `<span class="error">${e(message)}</span>`;
  });
}

function route(): void {
  leaveView();
  leaveView = () => {};
  const match = /^#\/i\/([\w-]+)$/.exec(location.hash);
  if (match) showInvestigation(decodeURIComponent(match[1]));
  else showHome();
}

function start(): void {
  document.getElementById('change-token')?.addEventListener('click', () => showAuthPrompt('Enter a new token', route));
  window.addEventListener('hashchange', route);
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
