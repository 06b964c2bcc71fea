// The stylesheet of the report and the web app. Colours keep WCAG AA contrast on white (body text 16:1,
// muted text 7:1, links and buttons over 4.5:1); focus is always visible; layouts fold to one column on phones.
export const REPORT_CSS = `
:root { --fg:#1b1f24; --muted:#4a5360; --bg:#f6f7f9; --card:#fff; --line:#d0d5dc; --accent:#0b5cad; --ok:#116329; --warn:#8a4b00; --bad:#b3261e; --focus:#1a5fb4; }
* { box-sizing: border-box; }
html { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 16px; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 12px; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
a { color: var(--accent); }
.skip-link { position: absolute; left: 8px; top: -48px; background: var(--accent); color: #fff; padding: 8px 12px; z-index: 10; border-radius: 4px; }
.skip-link:focus { top: 8px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button, input, select, textarea { font: inherit; }
button { background: var(--accent); color: #fff; border: 1px solid var(--accent); border-radius: 6px; padding: 6px 14px; cursor: pointer; min-height: 40px; }
button.secondary { background: #fff; color: var(--accent); }
button:hover { filter: brightness(1.1); }
button:disabled { background: #5f6b7a; border-color: #5f6b7a; cursor: wait; }
.muted { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 0 0 16px; overflow-wrap: anywhere; }
.report-header { margin: 8px 0 16px; }
.culprit { font-size: 1.1rem; font-weight: 600; }
.confidence { font-weight: 600; }
.confidence.high { color: var(--ok); } .confidence.medium { color: var(--warn); } .confidence.low { color: var(--bad); }
.meter { display: inline-block; width: 120px; height: 10px; background: #e3e7ec; border-radius: 5px; margin-left: 8px; vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--accent); }
.blame { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0; }
.blame dt { font-size: .85rem; color: var(--muted); }
.blame dd { margin: 0; font-weight: 600; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
pre.diff { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; white-space: pre; }
pre.diff .add { color: #116329; background: #dafbe1; display: inline-block; min-width: 100%; }
pre.diff .del { color: #82071e; background: #ffebe9; display: inline-block; min-width: 100%; }
.sources { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
.source { border: 1px solid var(--line); border-radius: 12px; padding: 0 8px; font-size: .85rem; background: #fff; }
.source-error { color: var(--bad); border-color: var(--bad); }
.exports { display: flex; gap: 8px; flex-wrap: wrap; }
.chart { margin: 0 0 16px; }
.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.chart-canvas { width: 100%; min-height: 120px; }
.markers { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; font-size: .9rem; }
.markers li::before { content: ""; display: inline-block; width: 14px; height: 0; border-top: 3px solid #0b5cad; margin-right: 6px; vertical-align: middle; }
.markers li.marker-onset::before { border-top: 3px dashed #b3261e; }
.markers li.marker-commit::before { border-top-color: #5f6b7a; }
.markers li.blamed::before { border-top-width: 5px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; }
td time { white-space: nowrap; }
ul.evidence li, ol.hypotheses > li { margin-bottom: 8px; }
.ref { background: #eef1f4; padding: 0 4px; border-radius: 4px; }
.narrative { white-space: pre-wrap; }
.recovery { color: var(--ok); }
.uplot .u-legend { font-size: .85rem; text-align: left; }
.uplot .u-legend .u-series > * { padding: 2px 4px; }
.uplot .u-legend th { background: none; }
@media (max-width: 600px) {
  main { padding: 8px; }
  h1 { font-size: 1.25rem; }
  .card { padding: 12px; }
  .uplot .u-legend .u-series { display: block; }
}
`;

/** Extra rules for the web app (list, form, live view, token prompt). */
export const APP_CSS = `
.topbar { background: #0b3d6e; color: #fff; padding: 10px 16px; display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
.topbar a { color: #fff; font-weight: 600; text-decoration: none; }
.topbar a:focus-visible { outline-color: #fff; }
form.start { display: grid; grid-template-columns: 1fr 1fr 1fr auto; gap: 12px; align-items: end; }
form.start .wide { grid-column: 1 / -1; }
label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: 4px; }
input, select, textarea { width: 100%; padding: 8px; border: 1px solid #6b7582; border-radius: 6px; background: #fff; color: var(--fg); }
textarea { min-height: 64px; resize: vertical; }
.status { font-weight: 600; }
.status-done { color: var(--ok); } .status-failed { color: var(--bad); } .status-running, .status-queued { color: var(--warn); }
.error { color: var(--bad); font-weight: 600; }
.notice { background: #fff4d6; border: 1px solid #8a4b00; color: #1b1f24; border-radius: 8px; padding: 10px 16px; margin: 0 0 16px; }
[hidden] { display: none !important; }
ol.live { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; padding-left: 24px; }
ol.live li { margin-bottom: 4px; overflow-wrap: anywhere; }
ol.live .failed { color: var(--bad); }
@media (max-width: 800px) { form.start { grid-template-columns: 1fr; } }
@media (max-width: 600px) {
  .topbar .tagline { display: none; }
  table.list thead { display: none; }
  table.list tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.list td { display: block; border: none; padding: 2px 0; }
  table.list td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
}
`;
