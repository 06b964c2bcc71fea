// Start-up of `incident-pilot analyze "..."` on the bundled incident: the median wall time of the real command, and
// where it goes, each part timed on its own (the CLI prints no timings, so the parts are measured from outside):
//   process start   a bare `node -e 0`
//   module load     `analyze --help` (Node, the launcher and the analyze command's modules) minus the bare start
//   servers started startServers() until every server (in process, the default) answered initialize and tools/list
//   engine          investigate() over those servers (its tool calls included)
//   report          rendering the text report
// The parts are medians of separate runs, so they add up to about the total, not exactly. The same command with
// --isolate-servers (one subprocess per server) is timed too, for comparison.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../src/cli/analyze.js';
import { toSourceOptions } from '../src/cli/options.js';
import { startServers } from '../src/client/start.js';
import { investigate } from '../src/engine/investigate.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'bin', 'incident-pilot.js');
export const INCIDENT = '500 errors on checkout API';

/** No LLM from this machine's environment: the engine answers, as on a fresh install. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OLLAMA_|OPENAI_|ANTHROPIC_)/.test(k)));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function wall(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  return ms;
}

export interface Startup {
  runs: number;
  totalMs: number[];
  isolatedMs: number[];
  parts: { processStart: number; moduleLoad: number; serversStarted: number; engine: number; report: number };
  servers: number;
  load: number;
}

async function inProcessParts(): Promise<{ servers: number; serversMs: number; engineMs: number; reportMs: number }> {
  const t0 = performance.now();
  const router = await startServers({ source: toSourceOptions({}, ENV, true) });
  const t1 = performance.now();
  try {
    const { report } = await investigate(INCIDENT, router, {});
    const t2 = performance.now();
    renderReport({ ...report, toolCalls: router.calls.map((c) => ({ ...c })) }, 'terminal', false);
    const t3 = performance.now();
    return { servers: router.servers.length, serversMs: t1 - t0, engineMs: t2 - t1, reportMs: t3 - t2 };
  } finally {
    await router.close();
  }
}

export async function measureStartup(runs = 5): Promise<Startup> {
  // One unmeasured run fills the compile cache and the page cache, as any second use of the tool would find them.
  wall([BIN, 'analyze', INCIDENT]);
  const load = loadavg()[0];
  const totalMs: number[] = [];
  const isolatedMs: number[] = [];
  const bare: number[] = [];
  const help: number[] = [];
  const servers: number[] = [];
  const engine: number[] = [];
  const report: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    totalMs.push(wall([BIN, 'analyze', INCIDENT]));
    isolatedMs.push(wall([BIN, 'analyze', INCIDENT, '--isolate-servers']));
    bare.push(wall(['-e', '0']));
    help.push(wall([BIN, 'analyze', '--help']));
    const p = await inProcessParts();
    count = p.servers;
    servers.push(p.serversMs);
    engine.push(p.engineMs);
    report.push(p.reportMs);
  }
  const processStart = median(bare);
  return {
    runs,
    totalMs: totalMs.map(Math.round),
    isolatedMs: isolatedMs.map(Math.round),
    parts: {
      processStart: Math.round(processStart),
      moduleLoad: Math.round(Math.max(0, median(help) - processStart)),
      serversStarted: Math.round(median(servers)),
      engine: Math.round(median(engine)),
      report: Math.round(median(report) * 10) / 10,
    },
    servers: count,
    load: Math.round(load * 10) / 10,
  };
}

export function formatStartup(s: Startup): string {
  const p = s.parts;
  return [
    `\`incident-pilot analyze "${INCIDENT}"\` (bundled incident, engine), ${s.runs} runs, Node ${process.version}, load average ${s.load} at the start.`,
    '',
    `| | median ms | min ms | max ms |`,
    '|---|---|---|---|',
    `| \`analyze\` (servers in process) | ${Math.round(median(s.totalMs))} | ${Math.min(...s.totalMs)} | ${Math.max(...s.totalMs)} |`,
    `| \`analyze --isolate-servers\` (a subprocess each) | ${Math.round(median(s.isolatedMs))} | ${Math.min(...s.isolatedMs)} | ${Math.max(...s.isolatedMs)} |`,
    '',
    '| part | median ms |',
    '|---|---|',
    `| process start (bare \`node -e 0\`) | ${p.processStart} |`,
    `| module load (launcher + analyze command) | ${p.moduleLoad} |`,
    `| servers started (${s.servers} in process, initialize + tools/list) | ${p.serversStarted} |`,
    `| engine (investigate, tool calls included) | ${p.engine} |`,
    `| report (terminal rendering) | ${p.report} |`,
    '',
  ].join('\n');
}

/** `npx vitest run` timed (only when asked: it is the whole suite). */
export function measureSuite(): { ms: number; ok: boolean; summary: string } {
  const started = performance.now();
  const run = spawnSync('npx', ['vitest', 'run'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Math.round(performance.now() - started);
  const summary = (run.stdout ?? '')
    .split('\n')
    .filter((l) => /^\s*(Test Files|Tests|Duration)\s/.test(l))
    .map((l) => l.trim())
    .join('; ');
  return { ms, ok: run.status === 0, summary };
}
