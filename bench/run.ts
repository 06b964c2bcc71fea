// `npm run bench`: times `analyze` on the bundled incident and on a 20x larger copy, then runs the
// other bench scripts that exist. Prints Markdown to paste into docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLarge } from './generate-large.js';
import { formatStartup, measureStartup, measureSuite } from './startup.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'bin', 'incident-pilot.js');
const SAMPLE = join(REPO, 'samples', 'checkout-db-pool');
const LARGE = join(REPO, 'bench', 'data', 'checkout-db-pool-20x');
// About 2M log lines: the size the engine must still analyze in under 30 s.
const HUGE = join(REPO, 'bench', 'data', 'checkout-db-pool-100x');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timing {
  wallMs: number[];
  culprit: string;
  calls: number;
}

function timeAnalyze(dataDir: string, runs = RUNS): Timing {
  const wallMs: number[] = [];
  let culprit = '?';
  let calls = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'analyze', '--data', dataDir, '--json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    wallMs.push(Math.round(performance.now() - started));
    if (run.status !== 0) throw new Error(`analyze --data ${dataDir} exited ${run.status}: ${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout) as {
      rootCause: { service: string | null; deployment: string | null };
      toolCalls: unknown[];
    };
    culprit = `${report.rootCause.service ?? '-'} ${report.rootCause.deployment ?? '-'}`;
    calls = report.toolCalls.length;
  }
  return { wallMs, culprit, calls };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** BENCH_ONLY=startup: the start-up section alone (seconds, not minutes). BENCH_SUITE=1: also time `npx vitest run`. */
const ONLY = process.env.BENCH_ONLY;

function runScript(name: string): void {
  const file = join(REPO, 'bench', name);
  if (!existsSync(file)) {
    process.stdout.write(`\n(${name} not present: skipped)\n`);
    return;
  }
  process.stdout.write(`\n## ${name}\n\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: REPO, stdio: 'inherit' });
  if (run.status !== 0) process.stdout.write(`(${name} exited ${run.status})\n`);
}

async function main(): Promise<void> {
  process.stderr.write('timing analyze start-up (5 runs)...\n');
  process.stdout.write(
    `## start-up\n\n${formatStartup(await measureStartup(Number(process.env.BENCH_STARTUP_RUNS ?? 5)))}\n`,
  );
  if (process.env.BENCH_SUITE === '1') {
    process.stderr.write('timing the test suite (npx vitest run)...\n');
    const suite = measureSuite();
    process.stdout.write(
      `## test suite\n\n\`npx vitest run\`: ${(suite.ms / 1000).toFixed(0)} s${suite.ok ? '' : ' (FAILED)'}; ${suite.summary}\n\n`,
    );
  }
  if (ONLY === 'startup') return;
  process.stderr.write(`generating the 20x copy in ${LARGE}...\n`);
  const { files, bytes } = await generateLarge(SAMPLE, LARGE, 20);
  process.stderr.write(`generating the 100x copy in ${HUGE}...\n`);
  const huge = await generateLarge(SAMPLE, HUGE, 100);
  const rows: string[] = [];
  for (const [label, dir, size, runs] of [
    ['bundled incident', SAMPLE, 'sample', RUNS],
    ['20x copy', LARGE, `${files} log files, ${(bytes / 1e6).toFixed(0)} MB`, RUNS],
    ['100x copy', HUGE, `${huge.files} log files, ${(huge.bytes / 1e6).toFixed(0)} MB`, 1],
  ] as const) {
    process.stderr.write(`timing analyze on the ${label} (${runs} runs)...\n`);
    const t = timeAnalyze(dir, runs);
    rows.push(`| ${label} | ${size} | ${median(t.wallMs)} | ${Math.min(...t.wallMs)} | ${t.calls} | ${t.culprit} |`);
  }
  process.stdout.write('## analyze\n\n');
  process.stdout.write(`Node ${process.version}, ${RUNS} runs each, wall time including server start-up.\n\n`);
  process.stdout.write('| data | size | median ms | min ms | tool calls | blamed |\n|---|---|---|---|---|---|\n');
  process.stdout.write(`${rows.join('\n')}\n`);
  for (const script of ['engine.ts', 'search-seek.ts', 'templates.ts']) runScript(script);
}

await main();
