// Makes an N-times larger copy of an incident bundle: each log file gets N-1 replica files in which
// every service name is shifted (svc -> svc-r<k>) and long numbers (ids) are shifted, so the copy has
// N times the lines and N times the distinct services, not N identical copies. Metrics, git history
// and deployments are copied unchanged. Usage: node --import tsx bench/generate-large.ts SRC DEST [N]
import {
  createReadStream,
  createWriteStream,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';

/** The service names a bundle's logs are about: their file names (checkout-api.log -> checkout-api). */
export function servicesOf(logFiles: string[]): string[] {
  return [...new Set(logFiles.map((f) => basename(f).replace(/\.(log|jsonl|txt)(\.gz)?$/, '')))];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites one line for replica k: services renamed, ids of 4+ digits shifted; the timestamp kept. */
export function makeReplicaLine(line: string, k: number, services: RegExp): string {
  const stamp = /^\S+[ T]\S+\s/.exec(line)?.[0] ?? '';
  const rest = line.slice(stamp.length);
  const renamed = rest.replace(services, (name) => `${name}-r${k}`);
  return stamp + renamed.replace(/\b\d{4,}\b/g, (n) => String(Number(n) + k));
}

async function writeReplica(src: string, dest: string, k: number, services: RegExp): Promise<void> {
  const out = createWriteStream(dest);
  const lines = createInterface({ input: createReadStream(src), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!out.write(`${makeReplicaLine(line, k, services)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function generateLarge(
  srcDir: string,
  destDir: string,
  factor = 20,
): Promise<{ files: number; bytes: number }> {
  if (existsSync(destDir)) rmSync(destDir, { recursive: true });
  mkdirSync(destDir, { recursive: true });
  for (const entry of readdirSync(srcDir)) {
    if (entry === 'logs' || entry === 'truth.json') continue;
    cpSync(join(srcDir, entry), join(destDir, entry), { recursive: true });
  }
  const logsIn = join(srcDir, 'logs');
  const logsOut = join(destDir, 'logs');
  mkdirSync(logsOut);
  const files = readdirSync(logsIn).filter((f) => statSync(join(logsIn, f)).isFile());
  const names = servicesOf(files).sort((a, b) => b.length - a.length); // longest first: no partial renames
  const services = new RegExp(`\\b(?:${names.map(escapeRegExp).join('|')})\\b`, 'g');
  let count = 0;
  let bytes = 0;
  for (const file of files) {
    cpSync(join(logsIn, file), join(logsOut, file));
    const plain = !file.endsWith('.gz');
    for (let k = 1; k < factor && plain; k++) {
      const dot = file.indexOf('.');
      const name = dot > 0 ? `${file.slice(0, dot)}-r${k}${file.slice(dot)}` : `${file}-r${k}`;
      await writeReplica(join(logsIn, file), join(logsOut, name), k, services);
    }
  }
  for (const f of readdirSync(logsOut)) {
    count++;
    bytes += statSync(join(logsOut, f)).size;
  }
  return { files: count, bytes };
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [src, dest, n] = process.argv.slice(2);
  if (!src || !dest) {
    process.stderr.write('usage: generate-large.ts SRC_BUNDLE DEST_DIR [FACTOR=20]\n');
    process.exit(2);
  }
  const { files, bytes } = await generateLarge(src, dest, n ? Number(n) : 20);
  process.stdout.write(`${dest}: ${files} log files, ${(bytes / 1e6).toFixed(1)} MB\n`);
}
