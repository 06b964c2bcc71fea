// The web app at `/`: the investigations list and the start form; an investigation's live tool calls while it
// runs, then its report (the same markup and charts as the HTML file). Asks for a token when the service says 401.
import type { Report } from '../../report/schema.js';
import { escapeHtml as e } from '../view/escape.js';
import { renderReportBody } from '../view/report-view.js';
import { AuthRequired, followEvents, readToken, requestJson, saveToken, type StreamEvent } from './api.js';
import { drawCharts } from './charts.js';
import { wireExports } from './export.js';

interface Summary {
  id: string;
  status: string;
  incident: string;
  createdAt: string;
  culprit: string | null;
  confidence: number | null;
}

interface InvestigationRecord extends Summary {
  error: string | null;
  report: Report | null;
  llm: string;
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
    if (err instanceof AuthRequired) showAuthPrompt(readToken() ? 'The token was refused' : 'This service requires a token', () => void guarded(action, onError));
    else onError((err as Error).message);
  }
}

function renderListTable(items: Summary[]): string {
  if (!items.length) return '<p class="muted">No investigations yet. Start one above.</p>';
  const rows = items
    .map(
      (i) =>
        `<tr><td data-label="Status">${statusBadge(i.status)}</td><td data-label="Incident"><a href="#/i/${encodeURIComponent(i.id)}">${e(i.incident)}</a></td><td data-label="Culprit">${e(
          i.culprit ?? '-',
        )}</td><td data-label="Confidence">${i.confidence === null ? '-' : `${Math.round(i.confidence * 100)}%`}</td><td data-label="Age"><time datetime="${e(i.createdAt)}">${e(
          formatAge(i.createdAt),
        )}</time></td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="list"><thead><tr><th scope="col">Status</th><th scope="col">Incident</th><th scope="col">Culprit</th><th scope="col">Confidence</th><th scope="col">Age</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function showHome(): void {
  view().innerHTML = `<section class="card" aria-labelledby="start-title"><h2 id="start-title" tabindex="-1">Start an investigation</h2>
<form class="start" id="start-form" novalidate>
<div class="wide"><label for="incident">Incident</label><textarea id="incident" name="incident" required maxlength="4000" placeholder="e.g. 500 errors on checkout API since 14:40"></textarea></div>
<div><label for="since">Since (optional)</label><input id="since" name="since" placeholder="2025-01-15T14:00:00Z or 2h"></div>
<div><label for="until">Until (optional)</label><input id="until" name="until" placeholder="2025-01-15T16:00:00Z"></div>
<div><label for="analyst">Analyst</label><select id="analyst" name="analyst"><option value="engine">Correlation engine</option><option value="auto">LLM (auto)</option></select></div>
<div><button type="submit" id="start-button">Investigate</button></div>
<p class="error wide" id="start-error" role="alert"></p>
</form></section>
<section class="card" aria-labelledby="list-title"><h2 id="list-title">Investigations</h2><div id="list" aria-live="polite"><p class="muted">Loading…</p></div></section>`;

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

  const listEl = document.getElementById('list')!;
  const refresh = () =>
    guarded(
      async () => {
        const { investigations } = await requestJson<{ investigations: Summary[] }>('/api/investigations');
        listEl.innerHTML = renderListTable(investigations);
      },
      (message) => (listEl.innerHTML = `<p class="error">Could not load the list: ${e(message)}</p>`),
    );
  void refresh();
  const timer = setInterval(() => void refresh(), 5000);
  leaveView = () => clearInterval(timer);
}

function describeEvent(ev: StreamEvent): { text: string; failed: boolean } | null {
  const d = ev.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));
  if (ev.type === 'tool_call') return { text: `→ ${str(d.server)}.${str(d.tool)} ${JSON.stringify(d.arguments ?? {})}`, failed: false };
  if (ev.type === 'tool_result') return { text: `${d.ok ? '✓' : '✗'} ${str(d.tool)} (${str(d.durationMs)} ms): ${str(d.summary ?? '')}`, failed: !d.ok };
  if (ev.type === 'step') return { text: `· ${str(d.message)}`, failed: false };
  if (ev.type === 'status') return { text: `status: ${str(d.status)}`, failed: false };
  if (ev.type === 'done') return { text: d.status === 'done' ? `done: ${str(d.culprit)}` : `failed: ${str(d.error)}`, failed: d.status !== 'done' };
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
    summary.innerHTML = `${statusBadge(rec.status)} · ${e(rec.incident)} · analyst ${e(rec.llm)}${rec.error ? ` · <span class="error">${e(rec.error)}</span>` : ''}`;
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
    if (!controller.signal.aborted) showRecord(await requestJson<InvestigationRecord>(`/api/investigations/${encodeURIComponent(id)}`));
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
