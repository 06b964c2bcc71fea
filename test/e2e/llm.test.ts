// The real CLI against scripted model servers on loopback: `analyze --llm ollama|openai` drives the MCP tools.
// Needs the build (dist/) and the analyze command's --llm wiring.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/anthropic.js';
import { startFakeOllama } from '../fakes/ollama.js';
import { startFakeOpenAi } from '../fakes/openai.js';
import type { RecordedRequest } from '../llm/fake-model-server.js';
import { scenario } from '../helpers/paths.js';

const BIN = fileURLToPath(new URL('../../bin/incident-pilot.js', import.meta.url));
const DATA = scenario('checkout-db-pool');
const EIGHT_TOOLS = [
  'read_logs',
  'search_logs',
  'get_recent_commits',
  'get_deployments',
  'search_commits',
  'get_metrics',
  'get_anomalies',
  'get_error_rates',
];

const ANSWER = JSON.stringify({
  rootCause: {
    summary: 'Database connection pool exhaustion in checkout-api after deployment v2.4.1',
    category: 'resource_exhaustion',
    service: 'checkout-api',
    deployment: 'v2.4.1',
    commit: null,
    dependency: null,
    confidence: 0.8,
  },
  hypotheses: [],
  onset: null,
  evidence: [
    { source: 'logs', tool: 'search_logs', call: null, summary: 'Connection pool exhausted errors', ref: null },
  ],
  recommendations: ['Roll back checkout-api to v2.4.0'],
  narrative: 'v2.4.1 preceded the pool errors.',
});

const SCRIPT = () => [
  { toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
  { toolCalls: [{ name: 'get_deployments', args: {} }] },
  { text: ANSWER },
];

/** Runs the CLI without blocking this process (the fake model server lives here). */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'llm-e2e-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function toolNames(req: RecordedRequest): string[] {
  return (req.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name);
}

function toolContents(req: RecordedRequest): string {
  return req.body.messages
    .filter((m: { role: string }) => m.role === 'tool')
    .map((m: { content: string }) => m.content)
    .join('\n');
}

function checkFlow(
  chats: RecordedRequest[],
  out: { code: number | null; stdout: string; stderr: string },
  analyst: string,
): void {
  expect(out.code, out.stderr).toBe(0);
  expect(chats).toHaveLength(3);
  expect(toolNames(chats[0]!)).toEqual(expect.arrayContaining(EIGHT_TOOLS));
  const report = JSON.parse(out.stdout);
  // Each call the model asked for ran on its server, and its result went back in the next request.
  const search = report.toolCalls.findIndex(
    (c: { tool: string; arguments: { pattern?: string } }) =>
      c.tool === 'search_logs' && c.arguments.pattern === 'pool',
  );
  expect(search).toBeGreaterThanOrEqual(0);
  expect(report.toolCalls[search]).toMatchObject({ server: 'logs', ok: true });
  expect(toolContents(chats[1]!)).toContain(`[call ${search}]`);
  const deploys = report.toolCalls
    .map((c: { tool: string }, i: number) => (c.tool === 'get_deployments' ? i : -1))
    .filter((i: number) => i > search);
  expect(deploys.length).toBeGreaterThan(0);
  expect(report.toolCalls[deploys[0]]).toMatchObject({ server: 'git', ok: true });
  expect(toolContents(chats[2]!)).toContain(`[call ${deploys[0]}]`);
  expect(toolContents(chats[2]!)).toContain('v2.4.1');
  expect(report.analyst).toBe(analyst);
  expect(report.rootCause.deployment).toBe('v2.4.1');
  expect(report.rootCause.summary).toContain('after deployment v2.4.1');
}

describe('incident-pilot analyze --llm (real CLI, scripted model)', () => {
  it('ollama: OLLAMA_HOST points at a scripted /api/chat', async () => {
    const fake = await startFakeOllama(SCRIPT());
    try {
      const out = await runCli(['analyze', '500 errors on checkout API', '--llm', 'ollama', '--data', DATA, '--json'], {
        OLLAMA_HOST: fake.url,
        OLLAMA_MODEL: 'qwen3-coder-next',
      });
      checkFlow(fake.chats(), out, 'llm:ollama/qwen3-coder-next');
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('openai: OPENAI_BASE_URL points at a scripted /v1/chat/completions', async () => {
    const fake = await startFakeOpenAi(SCRIPT(), { apiKey: 'sk-e2e' });
    try {
      const out = await runCli(
        ['analyze', '500 errors on checkout API', '--llm', 'openai', '--model', 'M', '--data', DATA, '--json'],
        { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'sk-e2e' },
      );
      checkFlow(fake.chats(), out, 'llm:openai/M');
      expect(fake.chats()[0]!.headers.authorization).toBe('Bearer sk-e2e');
    } finally {
      await fake.close();
    }
  }, 120_000);

  /** The engine's report, exit 0, and one warning naming the provider and why; no key, no stack. */
  function checkFallback(
    out: { code: number | null; stdout: string; stderr: string },
    provider: string,
    why: RegExp,
    secret?: string,
  ): void {
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(out.stdout);
    expect(report.analyst).toBe('engine');
    expect(report.rootCause.deployment).toBe('v2.4.1');
    const warning = (report.warnings ?? []).find((w: string) => w.startsWith('the LLM investigator'));
    expect(warning, JSON.stringify(report.warnings)).toBeDefined();
    expect(warning).toContain(`(${provider})`);
    expect(warning).toMatch(why);
    expect(out.stderr).toContain(`the LLM investigator (${provider}) failed`);
    if (secret) expect(`${out.stdout}${out.stderr}`).not.toContain(secret);
  }

  // The spawned CLI's fallback, once; the other failures (a refused OpenAI key, an unknown Ollama model, no model
  // server) run the same flow in process: test/llm/fallback-flow.test.ts.
  it('anthropic refuses the key (401): the engine report with a warning, exit 0', async () => {
    const fake = await startFakeAnthropic(SCRIPT(), { apiKey: 'sk-ant-right' });
    try {
      const out = await runCli(
        [
          'analyze',
          '500 errors on checkout API',
          '--llm',
          'anthropic',
          '--model',
          'claude-x',
          '--data',
          DATA,
          '--json',
        ],
        { ANTHROPIC_BASE_URL: `${fake.url}/v1`, ANTHROPIC_API_KEY: 'sk-ant-wrong-0123456789abcdef' },
      );
      checkFallback(out, 'anthropic/claude-x', /401/, 'sk-ant-wrong-0123456789abcdef');
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('a provider that cannot be configured is bad usage before anything starts: exit 2', async () => {
    const out = await runCli(
      ['analyze', '500 errors on checkout API', '--llm', 'anthropic', '--data', DATA, '--json'],
      {},
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/ANTHROPIC_API_KEY/);
    expect(out.stderr).not.toMatch(/Starting \d+ MCP server/);
    expect(out.stdout).toBe('');
  }, 60_000);
});
