// Starts the real `incident-pilot serve` (the built CLI, or the same service in this process) on a free loopback port
// and talks to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { connectInProcess } from '../../src/client/in-process.js';
import type { SourceFlags } from '../../src/cli/options.js';
import { registerServeCommand, serviceOptions } from '../../src/cli/serve.js';
import type { ServeFlags } from '../../src/service/config.js';
import { startService } from '../../src/service/service.js';
import { REPO, scenario } from '../helpers/paths.js';

export { REPO };
export const BIN = join(REPO, 'bin', 'incident-pilot.js');
export const CHECKOUT = scenario('checkout-db-pool');

if (!existsSync(join(REPO, 'dist', 'bundle', 'main.js'))) {
  throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it)');
}

export const TOKENS = { viewer: 'viewer-token-1234', operator: 'operator-token-1234', admin: 'admin-token-12345' };
export const TOKENS_ENV = `${TOKENS.viewer}:viewer,${TOKENS.operator}:operator,${TOKENS.admin}:admin`;

/** A running service as the HTTP tests see it: its address, what it logged, and a way to stop it. */
export interface Service {
  url: string;
  stderr(): string;
  stop(): Promise<unknown>;
}

export interface Serve extends Service {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunOptions {
  cwd?: string;
  /** Run through this command line first (e.g. unshare), the serve command appended. */
  wrapper?: string[];
}

/** What serve's environment holds unless a test says otherwise: no auth, no database, state in temp folders. */
function serveEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    INCIDENT_PILOT_TOKENS: '',
    INCIDENT_PILOT_JWT_SECRET: '',
    INCIDENT_PILOT_JWKS_URL: '',
    DATABASE_URL: '',
    INCIDENT_PILOT_AUDIT_LOG: join(tempDir('ip-audit-'), 'audit.jsonl'),
    XDG_STATE_HOME: tempDir('ip-state-'),
    ...env,
  };
}

export function runServe(
  args: string[],
  env: Record<string, string> = {},
  opts: RunOptions = {},
): { child: ChildProcess; exited: Serve['exited']; stdout(): string; stderr(): string } {
  const command = [...(opts.wrapper ?? []), process.execPath, BIN, 'serve', ...args];
  const child = spawn(command[0], command.slice(1), {
    cwd: opts.cwd ?? REPO,
    // Audit lines and default state go to temp folders unless a test names them: never into the repository or $HOME.
    env: serveEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Starts serve and waits for its "listening on" line. */
export async function startServe(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 45_000,
  opts: RunOptions = {},
): Promise<Serve> {
  const run = runServe(['--port', '0', ...args], env, opts);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in ${timeoutMs} ms:\n${run.stderr()}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(run.stdout());
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    run.child.stdout!.on('data', check);
    void run.exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${e.code ?? e.signal}) before listening:\n${run.stderr()}`));
    });
  });
  return {
    child: run.child,
    url,
    stderr: run.stderr,
    exited: run.exited,
    async stop(signal = 'SIGTERM') {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
      return run.exited;
    },
  };
}

/**
 * The service `serve` runs, started inside the test process: the same flags (parsed by the serve command), the same
 * environment defaults as startServe, our servers supervised as usual but reached over in-memory MCP pairs rather
 * than a Node process each. For tests of what the service does over HTTP; what the process does (the listening
 * line, signals, exit codes, subprocess servers) is tested through startServe.
 */
export async function startServiceInProcess(args: string[], env: Record<string, string> = {}): Promise<Service> {
  const program = new Command().exitOverride();
  registerServeCommand(program);
  let flags: (SourceFlags & ServeFlags) | undefined;
  program.commands.find((c) => c.name() === 'serve')!.action((f: SourceFlags & ServeFlags) => void (flags = f));
  await program.parseAsync(['serve', '--port', '0', ...args], { from: 'user' });
  const { options, notice } = serviceOptions(flags!, serveEnv(env), REPO);
  let log = notice ? `${notice}\n` : '';
  const destination = { write: (line: string) => ((log += line), true) } as unknown as NodeJS.WritableStream;
  const service = await startService({
    ...options,
    connect: (target) => connectInProcess(target.name, options.source),
    logDestination: destination,
  });
  return { url: service.url, stderr: () => log, stop: () => service.shutdown('test over') };
}

export function auth(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function getJson(url: string, token?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, { headers: token ? auth(token) : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? auth(token) : {}), ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
