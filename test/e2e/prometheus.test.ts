// A real Prometheus (Debian's package) loaded with a scenario's metrics via promtool: analyze names the same culprit as
// with files, and Prometheus's query log shows our queries. Skipped with a message when prometheus/promtool are not
// installed. The first scenario's live run is the spawned CLI (its servers reading Prometheus from their own
// processes); the other runs go through the CLI's runAnalysis in process, servers over MCP pairs: the same flow,
// without 4 processes a run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis, toAnalyzeOptions } from '../../src/cli/analyze.js';
import { runCli, SHARED_SCENARIOS } from './helpers.js';
import { missingTools, needsTitle } from '../helpers/tools.js';

const MISSING = missingTools('test/e2e/prometheus.test.ts', ['prometheus', 'promtool']);
const HAVE_PROMETHEUS = MISSING.length === 0;

// Every public scenario with metrics; their time ranges do not overlap, so one Prometheus holds them all.
const SCENARIOS = existsSync(SHARED_SCENARIOS)
  ? readdirSync(SHARED_SCENARIOS)
      .filter((d) => existsSync(join(SHARED_SCENARIOS, d, 'metrics')))
      .sort()
  : [];

interface PromFile {
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

/** Prometheus query_range JSON files as one OpenMetrics exposition with timestamps, each family contiguous. */
export function toOpenMetrics(metricsDir: string): string {
  const lines: string[] = [];
  for (const f of readdirSync(metricsDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(metricsDir, f), 'utf8')) as PromFile;
    const byName = new Map<string, string[]>();
    for (const s of doc.data.result) {
      const { __name__: name = f.replace(/\.json$/, ''), ...labels } = s.metric;
      const sel = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      const out = byName.get(name) ?? [];
      for (const [t, v] of s.values) out.push(`${name}{${sel}} ${v} ${t}`);
      byName.set(name, out);
    }
    for (const [name, samples] of byName) lines.push(`# TYPE ${name} gauge`, ...samples);
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function lastSampleSeconds(metricsDir: string): number {
  let last = 0;
  for (const f of readdirSync(metricsDir).filter((n) => n.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(metricsDir, f), 'utf8')) as PromFile;
    for (const s of doc.data.result) for (const [t] of s.values) last = Math.max(last, Number(t));
  }
  return last;
}

/** One retry when a server subprocess did not start in time (a loaded machine), never for any other failure. */
async function analyze(args: string[], env: Record<string, string>) {
  const first = await runCli(args, env);
  return first.code !== 0 && /did not start/.test(first.stderr) ? runCli(args, env) : first;
}

/** `analyze INCIDENT --data DIR --until UNTIL --json` in this process; its JSON as the CLI would print it. */
async function analyzeInProcess(incident: string, data: string, until: string, env: Record<string, string>) {
  let stderr = '';
  try {
    const options = toAnalyzeOptions(incident, { data, until, json: true, llm: 'none', redact: true }, env);
    const { report } = await runAnalysis(options, {
      stdout: { write: () => true },
      stderr: { write: (t: string) => ((stderr += t), true) },
      env,
      quiet: true,
    });
    return { code: 0, stdout: JSON.stringify(report), stderr };
  } catch (err) {
    return { code: 1, stdout: '', stderr: `${stderr}${(err as Error).stack}` };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log().slice(-2000)}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus not ready: ${log().slice(-2000)}`);
}

describe.skipIf(!HAVE_PROMETHEUS)(needsTitle(MISSING, 'analyze with metrics from a real Prometheus'), () => {
  const work = mkdtempSync(join(tmpdir(), 'ip-prom-'));
  const queryLog = join(work, 'query.log');
  let prom: ChildProcess | undefined;
  let url = '';
  let promLog = '';

  beforeAll(async () => {
    const exposition = SCENARIOS.map((s) =>
      toOpenMetrics(join(SHARED_SCENARIOS, s, 'metrics')).replace(/# EOF\n$/, ''),
    ).join('');
    // Two scenarios share metric names: merge each family's samples so that families stay contiguous.
    const families = new Map<string, string[]>();
    let current = '';
    for (const line of exposition.split('\n')) {
      if (!line) continue;
      const m = /^# TYPE (\S+) /.exec(line);
      if (m) current = m[1];
      else families.set(current, [...(families.get(current) ?? []), line]);
    }
    const text =
      [...families].flatMap(([name, samples]) => [`# TYPE ${name} gauge`, ...samples]).join('\n') + '\n# EOF\n';
    writeFileSync(join(work, 'metrics.om'), text);
    execFileSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', join(work, 'metrics.om'), join(work, 'tsdb')],
      { stdio: 'pipe' },
    );
    writeFileSync(join(work, 'prometheus.yml'), `global:\n  query_log_file: ${queryLog}\n`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prom = spawn(
      'prometheus',
      [
        `--storage.tsdb.path=${join(work, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--config.file=${join(work, 'prometheus.yml')}`,
        '--storage.tsdb.retention.time=100y',
        '--query.lookback-delta=5m',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prom.stdout!.on('data', (c: Buffer) => (promLog += c.toString()));
    prom.stderr!.on('data', (c: Buffer) => (promLog += c.toString()));
    await waitReady(url, prom, () => promLog);
  }, 120_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom!.once('exit', r));
      prom.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (prom.exitCode === null) prom.kill('SIGKILL');
    }
    rmSync(work, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario}: the same culprit with metrics from Prometheus as with files`, async () => {
      const source = join(SHARED_SCENARIOS, scenario);
      const truth = JSON.parse(readFileSync(join(source, 'truth.json'), 'utf8')) as { incident: string };
      const noMetrics = join(work, `${scenario}-data`);
      cpSync(source, noMetrics, {
        recursive: true,
        filter: (p) => !p.includes('/metrics') && !p.endsWith('truth.json'),
      });
      expect(existsSync(join(noMetrics, 'metrics'))).toBe(false);
      // --until: the live backend has no end of data; the file run uses the same fixed "now".
      const until = new Date(lastSampleSeconds(join(source, 'metrics')) * 1000 + 60_000).toISOString();
      const files = await analyzeInProcess(truth.incident, source, until, {});
      const live =
        scenario === SCENARIOS[0]
          ? await analyze(['analyze', truth.incident, '--data', noMetrics, '--until', until, '--json'], {
              PROMETHEUS_URL: url,
            })
          : await analyzeInProcess(truth.incident, noMetrics, until, { PROMETHEUS_URL: url });
      expect(files.code, files.stderr.slice(-1500)).toBe(0);
      expect(live.code, live.stderr.slice(-1500)).toBe(0);
      const a = JSON.parse(files.stdout) as { rootCause: { deployment: string | null; service: string | null } };
      const b = JSON.parse(live.stdout) as { rootCause: { deployment: string | null; service: string | null } };
      expect(b.rootCause.deployment).toBe(a.rootCause.deployment);
      expect(b.rootCause.service).toBe(a.rootCause.service);
      expect(a.rootCause.deployment).not.toBeNull();
    }, 180_000);
  }

  it('the query log shows the queries the metrics tools sent', async () => {
    // Prometheus writes the log as it goes; a fresh Prometheus has seen only our queries.
    const entries = readFileSync(queryLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { params?: { query?: string; step?: number } });
    const queries = entries.map((e) => e.params?.query ?? '');
    expect(queries.some((q) => /^http_error_ratio\{/.test(q))).toBe(true);
    expect(entries.some((e) => (e.params?.step ?? 0) > 0)).toBe(true);
  });
});
