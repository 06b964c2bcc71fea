// Load test of `incident-pilot serve` on loopback (autocannon): /health and MCP tools/call at 50 connections,
// bounded in time; `--soak` adds a 2-minute tools/call run sampling memory. Prints Markdown for docs/benchmarks.md.
// Run: npm run build && node --import tsx bench/load.ts [--soak]   (BENCH_SECONDS=20, BENCH_CONNECTIONS=50)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Histogram {
  p50: number;
  p99: number;
  average: number;
  max: number;
}
interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(REPO, 'samples', 'checkout-db-pool');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SOAK = process.argv.includes('--soak');
const TOKEN = 'bench-token-0123456789';
/** The tool called under load: a cheap one, so the numbers are the gateway's and not one backend's. */
const TOOL = process.env.BENCH_TOOL ?? 'get_recent_commits';

/** `serve` from the CLI when registered there, else the test launcher that registers it. */
function serveCommand(): string[] {
  const bin = join(REPO, 'bin', 'incident-pilot.js');
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
  return /^\s+serve\b/m.test(help) ? [bin] : [join(REPO, 'test', 'service', 'serve-bin.mjs')];
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function childRssKb(pid: number): number {
  try {
    const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter(Boolean);
    return pids.reduce((sum, p) => sum + rssKb(p), 0);
  } catch {
    return 0;
  }
}

async function startServe(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [...serveCommand(), 'serve', '--port', '0', '--data', DATA, '--db', join(tmpdir(), `ip-bench-${process.pid}.db`)],
    {
      env: {
        ...process.env,
        INCIDENT_PILOT_TOKENS: `${TOKEN}:viewer`,
        INCIDENT_PILOT_RATE_LIMIT: '0',
        INCIDENT_PILOT_LOG_LEVEL: 'warn',
        INCIDENT_PILOT_AUDIT_LOG: join(tmpdir(), `ip-bench-${process.pid}.jsonl`),
        INCIDENT_PILOT_MAX_SESSIONS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))),
  };
}

const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

async function openSession(url: string): Promise<Record<string, string>> {
  const init = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    }),
  });
  await init.text();
  const sessionId = init.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`initialize answered ${init.status} without a session`);
  const headers = { ...HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
  await (
    await fetch(`${url}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    })
  ).text();
  return headers;
}

interface Row {
  target: string;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  rssBefore: number;
  rssAfter: number;
  childRss: number;
}

async function run(
  target: string,
  opts: Record<string, unknown>,
  pid: number,
  seconds: number,
  sample?: (kb: number) => void,
): Promise<Row> {
  const rssBefore = rssKb(pid);
  const timer = sample ? setInterval(() => sample(rssKb(pid)), 10_000) : undefined;
  const r = await autocannon({ connections: CONNECTIONS, duration: seconds, timeout: 30, ...opts });
  if (timer) clearInterval(timer);
  return {
    target,
    seconds,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    total: r.requests.total,
    rssBefore,
    rssAfter: rssKb(pid),
    childRss: childRssKb(pid),
  };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

const serve = await startServe();
try {
  const headers = await openSession(serve.url);
  // Every request needs its own JSON-RPC id: the session routes each answer to its request by id.
  let nextId = 1;
  const call = {
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: nextId++,
            method: 'tools/call',
            params: { name: TOOL, arguments: {} },
          }),
        }),
      },
    ],
  };
  // Warm up the paths once so the first seconds do not measure JIT and file reads.
  await autocannon({ url: `${serve.url}/mcp`, method: 'POST', headers, ...call, connections: 10, amount: 200 });
  const rows: Row[] = [];
  rows.push(await run('GET /health', { url: `${serve.url}/health` }, serve.pid, SECONDS));
  rows.push(
    await run(
      `POST /mcp tools/call ${TOOL}`,
      { url: `${serve.url}/mcp`, method: 'POST', headers, ...call },
      serve.pid,
      SECONDS,
    ),
  );
  const samples: number[] = [];
  if (SOAK)
    rows.push(
      await run(
        `soak: POST /mcp tools/call ${TOOL}`,
        { url: `${serve.url}/mcp`, method: 'POST', headers, ...call },
        serve.pid,
        120,
        (kb) => samples.push(kb),
      ),
    );
  console.log(
    `\nLoad test: ${CONNECTIONS} connections on loopback, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  console.log(
    '| target | seconds | requests | req/s | p50 ms | p99 ms | errors | RSS before | RSS after | servers RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.target} | ${r.seconds} | ${r.total} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${mb(r.rssBefore)} | ${mb(r.rssAfter)} | ${mb(r.childRss)} |`,
    );
  if (samples.length) console.log(`\nSoak RSS every 10 s: ${samples.map(mb).join(', ')}`);
  if (rows.some((r) => r.errors)) process.exitCode = 1;
} finally {
  await serve.stop();
}
