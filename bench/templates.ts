// Throughput of the template miner, in process, on one core. Usage: npx tsx bench/templates.ts [TARGET_LINES]
// Inputs: the 16 LogHub-2k message sets interleaved and repeated; the same lines made unique (a counter prefix,
// so every line misses the raw-message cache and goes through masking); the sample web-service logs' messages,
// and their raw lines through the logs server's line parser (what `patterns` runs per line).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLineMessage } from '../src/cli/patterns.js';
import { createTemplateMiner } from '../src/analysis/templates.js';
import { DEFAULT_LOGHUB_DIR, listSystems, readStructured } from '../scripts/loghub-eval.js';

const SCENARIOS_DIR = '/work/shared/scenarios';
const target = Number(process.argv[2] ?? 1_000_000);

function loadLoghubMessages(): string[] {
  const sets = listSystems(DEFAULT_LOGHUB_DIR).map(
    (s) => readStructured(join(DEFAULT_LOGHUB_DIR, s, `${s}_2k.log_structured.csv`)).contents,
  );
  // Interleave the systems so the miner sees a mixed stream, as from many services at once.
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) for (const set of sets) if (i < set.length) out.push(set[i]);
  return out;
}

function loadScenarioLines(): string[] {
  const out: string[] = [];
  if (!existsSync(SCENARIOS_DIR)) return out;
  for (const scenario of readdirSync(SCENARIOS_DIR)) {
    const dir = join(SCENARIOS_DIR, scenario, 'logs');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.gz')) continue;
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) if (line.trim()) out.push(line);
    }
  }
  return out;
}

function repeatTo(lines: readonly string[], n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = lines[i % lines.length];
  return out;
}

function measure(name: string, lines: readonly string[], toMessage?: (line: string) => string): void {
  const miner = createTemplateMiner();
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  if (toMessage) for (const line of lines) miner.add(toMessage(line));
  else for (const line of lines) miner.add(line);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // CPU time as well as wall time: on a shared machine the wall clock also counts time spent waiting for a core.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US').padStart(11);
  process.stdout.write(
    `${name.padEnd(42)} ${String(lines.length).padStart(9)} lines  wall ${seconds.toFixed(2).padStart(5)} s ${fmt(lines.length / seconds)} lines/s` +
      `  cpu ${cpuSeconds.toFixed(2).padStart(5)} s ${fmt(lines.length / cpuSeconds)} lines/s  ${miner.clusters().length} templates\n`,
  );
}

const loghub = loadLoghubMessages();
const scenarioLines = loadScenarioLines();
const scenario = scenarioLines.map((line) => readLineMessage(line).message);
// Warm the JIT once so the first measured case is not penalised.
measure('warm-up (LogHub, once)', loghub);
measure('LogHub 16 systems, repeated', repeatTo(loghub, target));
measure(
  'LogHub, every line unique (cold path)',
  repeatTo(loghub, target).map((l, i) => `${i} ${l}`),
);
if (scenario.length > 0) {
  measure('web-service messages (scenarios), repeated', repeatTo(scenario, target));
  // What `incident-pilot patterns` does per line: parse the line (timestamp, level, JSON/logfmt), then mine.
  measure(
    'web-service raw lines, extract + mine',
    repeatTo(scenarioLines, target),
    (line) => readLineMessage(line).message,
  );
}
