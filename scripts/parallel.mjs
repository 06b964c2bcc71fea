// Runs npm scripts at the same time (`npm test` runs lint beside the build: each uses about one core), prints each
// one's output in one piece when it ends, and fails if any failed.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (!names.length) {
  process.stderr.write('usage: node scripts/parallel.mjs SCRIPT...\n');
  process.exit(2);
}

function run(name) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => resolve({ name, code: 1, output: `${err.message}\n` }));
    child.on('close', (code, signal) =>
      resolve({ name, code: code ?? 1, signal, output: Buffer.concat(chunks).toString() }),
    );
  });
}

const results = await Promise.all(names.map(run));
let failed = 0;
for (const { name, code, signal, output } of results) {
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (code !== 0) {
    failed++;
    process.stderr.write(`npm run ${name} failed (${signal ?? `exit ${code}`})\n`);
  }
}
process.exit(failed ? 1 : 0);
