// Entry of the self-contained HTML report: reads the embedded report, draws its charts, wires the downloads.
import type { Report } from '../../report/schema.js';
import { drawCharts } from './charts.js';
import { wireExports } from './export.js';

function start(): void {
  const data = document.getElementById('report-data');
  if (!data?.textContent) return;
  const report = JSON.parse(data.textContent) as Report;
  const main = document.getElementById('main') ?? document.body;
  wireExports(main, report);
  drawCharts(main, report);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
