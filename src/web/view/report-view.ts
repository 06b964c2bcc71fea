// The report as HTML markup, shared by the self-contained file (rendered in Node) and the web app (in the
// browser). Every piece of report text is escaped; charts are placeholders that drawCharts() fills in.
import type { Hypothesis, Report } from '../../report/schema.js';
import { describeBlame, describeRecovery, formatConfidence } from '../../report/terminal.js';
import { buildChartSpecs, describeChart, type ChartMarker } from './chart-specs.js';
import { escapeHtml as e } from './escape.js';

function section(id: string, title: string, body: string): string {
  return `<section class="card" aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>${body}</section>`;
}

function confidenceClass(c: number): string {
  return c >= 0.7 ? 'high' : c >= 0.4 ? 'medium' : 'low';
}

function renderConfidence(c: number): string {
  const pct = Math.round(c * 100);
  return `<span class="confidence ${confidenceClass(c)}">${e(formatConfidence(c))} confidence</span><span class="meter" role="presentation"><span style="width:${pct}%"></span></span>`;
}

function renderBlame(h: Hypothesis): string {
  const rows: Array<[string, string | null]> = [
    ['Category', h.category],
    ['Service', h.service],
    ['Deployment', h.deployment],
    ['Commit', h.commit],
    ['Dependency', h.dependency],
  ];
  return `<dl class="blame">${rows
    .filter(([, v]) => v)
    .map(
      ([k, v]) =>
        `<div><dt>${e(k)}</dt><dd>${k === 'Commit' ? `<code title="${e(v)}">${e(v!.slice(0, 12))}</code>` : e(v)}</dd></div>`,
    )
    .join('')}</dl>`;
}

function renderDiff(lines: string[] | undefined): string {
  if (!lines?.length) return '';
  const body = lines
    .map((l) => `<span class="${l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx'}">${e(l)}</span>`)
    .join('\n');
  return `<h3>The change that matters</h3><pre class="diff" tabindex="0" aria-label="diff lines of the blamed commit"><code>${body}</code></pre>`;
}

function renderRootCause(report: Report): string {
  const rc = report.rootCause;
  const reasons = rc.reasons?.length
    ? `<ul class="reasons">${rc.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
    : '';
  const recovery = report.recovery
    ? `<p class="recovery" id="recovery"><strong>Recovered.</strong> ${e(describeRecovery(report.recovery).replace(/^recovered: t/, 'T'))}.</p>`
    : '';
  return section(
    'root-cause',
    'Root cause',
    `<p class="culprit" id="culprit">${e(rc.summary)}</p><p>${renderConfidence(rc.confidence)}</p>${recovery}${renderBlame(rc)}${reasons}${renderDiff(report.diff)}`,
  );
}

function markerText(m: ChartMarker): string {
  const kind = m.kind === 'onset' ? 'Onset' : m.kind === 'commit' ? 'Commit' : 'Deployment';
  return `${m.label.toLowerCase() === m.kind ? kind : `${kind} ${m.label}`} at ${new Date(m.time * 1000).toISOString().replace('.000Z', 'Z')}`;
}

function renderCharts(report: Report): string {
  const specs = buildChartSpecs(report);
  if (!specs.length) return section('charts', 'Timeline charts', '<p class="muted">No chart data in this report.</p>');
  const markers = specs[0].markers;
  const figures = specs
    .map(
      (s, i) =>
        `<figure class="chart"><figcaption>${e(s.title)}</figcaption><div class="chart-canvas" data-chart="${i}" role="img" aria-label="${e(describeChart(s))}"></div></figure>`,
    )
    .join('');
  const legend = markers.length
    ? `<ul class="markers">${markers.map((m) => `<li class="marker-${m.kind}${m.blamed ? ' blamed' : ''}">${e(markerText(m))}${m.blamed ? ' <strong>(blamed)</strong>' : ''}</li>`).join('')}</ul>`
    : '';
  return section(
    'charts',
    'Timeline charts',
    `<p class="muted">Vertical lines: deployments (blue, solid; the blamed one thicker), onset (red, dashed).</p>${legend}${figures}`,
  );
}

function renderTimeline(report: Report): string {
  if (!report.timeline.length) return section('timeline', 'Timeline', '<p class="muted">No events.</p>');
  const rows = report.timeline
    .map((t) => `<tr><td><time>${e(t.time)}</time></td><td>${e(t.source)}</td><td>${e(t.event)}</td></tr>`)
    .join('');
  return section(
    'timeline',
    'Timeline',
    `<div class="scroll" tabindex="0" role="region" aria-label="timeline table"><table><thead><tr><th scope="col">Time</th><th scope="col">Source</th><th scope="col">Event</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  );
}

function renderEvidence(report: Report): string {
  if (!report.evidence.length) return section('evidence', 'Evidence', '<p class="muted">None.</p>');
  const items = report.evidence
    .map(
      (ev) =>
        `<li><strong>${e(ev.source)}</strong> <span class="tool">${e(ev.tool)}</span>: ${e(ev.summary)}${ev.ref ? ` <code class="ref">${e(ev.ref)}</code>` : ''}</li>`,
    )
    .join('');
  return section('evidence', 'Evidence', `<ul class="evidence">${items}</ul>`);
}

function renderHypotheses(report: Report): string {
  const others = report.hypotheses.slice(1);
  if (!others.length) return section('hypotheses', 'Other hypotheses', '<p class="muted">None.</p>');
  const items = others
    .map(
      (h) =>
        `<li><p>${e(h.summary)}</p><p class="muted">${e(describeBlame(h))} · <span class="confidence ${confidenceClass(h.confidence)}">${e(formatConfidence(h.confidence))}</span></p>${
          h.reasons?.length
            ? `<p>Why it ranked lower:</p><ul class="reasons">${h.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
            : ''
        }</li>`,
    )
    .join('');
  return section('hypotheses', 'Other hypotheses', `<ol class="hypotheses">${items}</ol>`);
}

function renderRecommendations(report: Report): string {
  if (!report.recommendations.length)
    return section('recommendations', 'Recommendations', '<p class="muted">None.</p>');
  return section(
    'recommendations',
    'Recommendations',
    `<ol>${report.recommendations.map((r) => `<li>${e(r)}</li>`).join('')}</ol>`,
  );
}

function renderToolCalls(report: Report): string {
  if (!report.toolCalls.length) return '';
  const rows = report.toolCalls
    .map(
      (c, i) =>
        `<tr><td>${i + 1}</td><td>${e(c.server)}</td><td>${e(c.tool)}</td><td><code>${e(JSON.stringify(c.arguments))}</code></td><td>${c.ok ? 'ok' : 'failed'}</td><td>${e(c.durationMs)}</td><td>${e(c.summary ?? '')}</td></tr>`,
    )
    .join('');
  return section(
    'tool-calls',
    `Tool calls (${report.toolCalls.length})`,
    `<details><summary>Show the tool calls</summary><div class="scroll" tabindex="0" role="region" aria-label="tool calls table"><table><thead><tr><th scope="col">#</th><th scope="col">Server</th><th scope="col">Tool</th><th scope="col">Arguments</th><th scope="col">Result</th><th scope="col">ms</th><th scope="col">Summary</th></tr></thead><tbody>${rows}</tbody></table></div></details>`,
  );
}

function renderHeader(report: Report): string {
  const sources = Object.entries(report.sources)
    .map(([k, v]) => `<span class="source source-${e(v)}">${e(k)}: ${e(v)}</span>`)
    .join(' ');
  return `<header class="report-header"><h1>Incident analysis: <span class="incident">${e(report.incident)}</span></h1>
<p class="muted">Window ${e(report.window.from)} to ${e(report.window.to)} · onset ${e(report.onset ?? 'not found')} · analyst ${e(report.analyst)}</p>
<p class="sources">${sources}</p>
<p class="exports"><button type="button" data-export="markdown">Download Markdown</button> <button type="button" data-export="json">Download JSON</button></p></header>`;
}

/**
 * The whole report body (no <html> shell): header, root cause, charts, evidence, hypotheses, recommendations, timeline.
 */
export function renderReportBody(report: Report): string {
  const extras = [
    report.narrative ? section('narrative', 'Narrative', `<p class="narrative">${e(report.narrative)}</p>`) : '',
    report.warnings?.length
      ? section('warnings', 'Warnings', `<ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`)
      : '',
  ];
  return [
    renderHeader(report),
    renderRootCause(report),
    renderCharts(report),
    renderEvidence(report),
    renderHypotheses(report),
    renderRecommendations(report),
    renderTimeline(report),
    ...extras,
    renderToolCalls(report),
  ].join('\n');
}
