// Benchmark: windowed search (byte-offset seek in a time-sorted file) vs a full scan.
// Usage: node --import tsx bench/search-seek.ts [size, e.g. 1GB | 200MB] [--keep]
// Generates a time-sorted plain-text log under bench/data/ (git-ignored) and deletes it at the end.
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileLogsBackend } from '../src/servers/logs/backends/file.js';
import type { LogQuery } from '../src/servers/logs/backend.js';

function parseSize(text: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(text ?? '1GB');
  if (!m) throw new Error(`size: cannot read "${text}" (use 1GB, 200MB)`);
  const unit = (m[2] ?? 'B').toUpperCase();
  return Math.round(Number(m[1]) * (unit === 'GB' ? 1 << 30 : unit === 'MB' ? 1 << 20 : unit === 'KB' ? 1024 : 1));
}

const SERVICES = ['checkout-api', 'payment-service', 'inventory-service', 'frontend'];
const PATHS = ['/api/v1/checkout', '/api/v1/cart/items', '/api/v1/payments', '/api/v1/stock'];

/** Writes ~size bytes: about 25 entries per second, 1 in 500 an ERROR "pool exhausted", in 4 MB chunks. */
function generate(path: string, size: number): { lines: number; start: number; end: number } {
  const fd = openSync(path, 'w');
  const start = Date.UTC(2025, 0, 15, 0, 0, 0);
  let t = start;
  let written = 0;
  let lines = 0;
  let second = -1;
  let prefix = '';
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  while (written < size) {
    let chunk = '';
    while (chunk.length < 4 << 20) {
      t += Math.floor(rand() * 80);
      const s = Math.floor(t / 1000);
      if (s !== second) {
        second = s;
        prefix = new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
      }
      const ms = String(t % 1000).padStart(3, '0');
      const svc = SERVICES[lines & 3];
      const line =
        lines % 500 === 499
          ? `${prefix}.${ms} ERROR [${svc}] Connection pool exhausted: timeout after ${Math.floor(rand() * 5000)}ms waiting for a connection\n`
          : `${prefix}.${ms} INFO [${svc}] POST ${PATHS[(lines >> 2) & 3]}/${Math.floor(rand() * 99999)} 200 ${Math.floor(rand() * 120)}ms\n`;
      chunk += line;
      lines++;
    }
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  return { lines, start, end: t };
}

async function timeScan(label: string, dataDir: string, query: LogQuery, backend = createFileLogsBackend(dataDir)) {
  const before = { ...backend.stats };
  const t0 = performance.now();
  let matches = 0;
  for await (const batch of backend.scan(query)) matches += batch.length;
  const ms = performance.now() - t0;
  const read = backend.stats.bytesRead - before.bytesRead;
  const indexed = backend.stats.indexBytesRead - before.indexBytesRead;
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${matches} matches  read ${(read / 1e6).toFixed(1)} MB  index pass ${(indexed / 1e6).toFixed(1)} MB`,
  );
  return { backend, ms };
}

async function main(): Promise<void> {
  const size = parseSize(process.argv.slice(2).find((a) => !a.startsWith('--')));
  const keep = process.argv.includes('--keep');
  const root = join(dirname(fileURLToPath(import.meta.url)), 'data', 'search-seek');
  const logs = join(root, 'logs');
  mkdirSync(logs, { recursive: true });
  const file = join(logs, 'app.log');
  try {
    const g0 = performance.now();
    const { lines, start, end } = generate(file, size);
    const bytes = statSync(file).size;
    console.log(
      `generated ${(bytes / 1e6).toFixed(0)} MB, ${lines} lines, ${((end - start) / 3.6e6).toFixed(1)} h of logs in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
    );
    const mid = start + Math.floor((end - start) / 2);
    const pattern = { source: 'pool exhausted', regex: false, caseSensitive: false };
    const windowQuery: LogQuery = { range: { from: mid, to: mid + 10 * 60_000 }, match: pattern };

    const cold = await timeScan('window 10 min, cold (index pass)', root, windowQuery);
    await timeScan('window 10 min, warm', root, windowQuery, cold.backend);
    const full = await timeScan('full scan, same pattern', root, {
      range: { from: start, to: end + 1 },
      match: pattern,
    });
    console.log(
      `full scan parse rate: ${(((lines / full.ms) * 1000) / 1e6).toFixed(2)} M lines/s, ${(((bytes / full.ms) * 1000) / 1e6).toFixed(0)} MB/s`,
    );
    await timeScan('window 10 min after a full scan', root, windowQuery, full.backend);
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

void main();
