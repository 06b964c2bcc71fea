// analyze (in process): the alert starts the analysis (--alert FILE, DIR/alert.json), unreadable data never reads as
// "no fault", the report says when the described symptom is not in the data, and --explain shows how it decided.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScenario } from '../fixtures/generator/render.js';
import { NEW_SCENARIOS } from '../fixtures/generator/index.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { SAMPLE, scratchDir } from '../helpers/paths.js';

const metricsOnly = NEW_SCENARIOS.find((s) => s.name === 'vehicle-pings-stream-degraded')!;

describe('analyze with an alert', () => {
  it('reads DIR/alert.json: its summary is the incident text, its component is where the walk starts', async () => {
    const dir = join(scratchDir('alert-'), 'bundle');
    renderScenario(metricsOnly, dir);
    const run = await runCli(['analyze', '--data', dir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.incident).toBe('fleet-ingest-gw is burning its error budget 14x (5xx)');
    expect(report.rootCause.service).toBe('vehicle-pings-stream');
    expect(report.rootCause.deployment).toBeNull();
  });

  it('--alert FILE that is not an Alertmanager payload exits 2 naming the file and the field', async () => {
    const dir = scratchDir('alert-bad-');
    const file = join(dir, 'alert.json');
    writeFileSync(file, JSON.stringify({ status: 'firing', alerts: [] }));
    const run = await runCli(['analyze', 'x', '--alert', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--alert ${file}`);
    expect(run.stderr).toMatch(/alerts/);
  });
});

describe('data that cannot be read', () => {
  it('binary and empty logs with nothing else: the report says there was no data to analyse, names the files, exit 2', async () => {
    const dir = scratchDir('nodata-');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'api.log'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 0, 7]));
    writeFileSync(join(dir, 'logs', 'worker.log'), '');
    const run = await runCli(['analyze', 'checkout failing', '--data', dir, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.sources.logs).toBe('no_data');
    expect(report.rootCause.summary).toMatch(/^No data to analyse/);
    expect(report.rootCause.confidence).toBe(0);
    expect(report.warnings.join('\n')).toMatch(/api\.log skipped: .*binary/);
    expect(run.stderr).toMatch(/no data to analyse/);
  });
});

describe('the incident text against the data', () => {
  it('says plainly when the described component is not in the data', async () => {
    const run = await runCli(['analyze', 'timeouts on ledger-reconciler', '--data', SAMPLE, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.warnings[0]).toMatch(/names ledger-reconciler, which is not in the data/);
  });

  it('says plainly when the named component did not show the described symptom', async () => {
    const dir = join(scratchDir('described-'), 'sample');
    cpSync(SAMPLE, dir, { recursive: true });
    const run = await runCli(['analyze', 'high latency on inventory-service', '--data', dir, '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.warnings[0]).toMatch(
      /described symptom is not in the data: no change in latency in inventory-service/,
    );
    // The answer is still about what did change.
    expect(report.rootCause.deployment).toBe('v2.4.1');
  });
});

describe('--explain', () => {
  it('shows the component ranking and which verdict rule decided', async () => {
    const dir = join(scratchDir('explain-'), 'bundle');
    renderScenario(metricsOnly, dir);
    const run = await runCli(['analyze', '--data', dir, '--explain']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Components, as ranked/);
    expect(run.stderr).toMatch(/passed over for its dependency vehicle-pings-stream/);
    expect(run.stderr).toMatch(/Verdict:\n\s+component: metrics localize the fault to vehicle-pings-stream/);
  });
});
