// The report as one self-contained HTML file (`analyze --html`): inline CSS, the chart library and our page
// script inlined, the report embedded as JSON for the charts and the downloads. Opens offline from disk.
import { inlineScript, readChartLibrary } from './assets.js';
import { bundleBrowserModules } from './bundle.js';
import { embedJson, escapeHtml } from './view/escape.js';
import { renderReportBody } from './view/report-view.js';
import { REPORT_CSS } from './view/styles.js';
import type { Report } from '../report/schema.js';

export function renderHtml(report: Report): string {
  const chart = readChartLibrary();
  const script = bundleBrowserModules('web/client/report-page.js');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>Incident analysis: ${escapeHtml(report.incident)}</title>
<style>${chart.css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<main id="main" tabindex="-1">
${renderReportBody(report)}
</main>
<script type="application/json" id="report-data">${embedJson(report)}</script>
<script>${inlineScript(chart.js)}</script>
<script>${inlineScript(script)}</script>
</body>
</html>
`;
}
