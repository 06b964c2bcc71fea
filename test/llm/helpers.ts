// Test doubles for the LLM tests: an in-memory ToolCaller that records calls like the router, and a small engine
// result.
import type { ToolCaller, ToolInfo, ToolResult } from '../../src/core/tool-caller.js';
import type { InvestigateResult } from '../../src/engine/investigate.js';
import type { Report, ToolCallRecord } from '../../src/report/schema.js';

export type Handler = (args: Record<string, unknown>) => { ok?: boolean; text: string; structured?: unknown };

export interface FakeTool {
  server: string;
  name: string;
  inputSchema?: Record<string, unknown>;
  run: Handler;
}

/** Behaves as ToolRouter does: indexes calls, answers unknown names with an error result, keeps `calls`. */
export class FakeCaller implements ToolCaller {
  readonly calls: ToolCallRecord[] = [];
  constructor(private readonly defs: FakeTool[]) {}

  tools(): ToolInfo[] {
    return this.defs.map((d) => ({
      server: d.server,
      name: d.name,
      description: `${d.name} tool`,
      inputSchema: d.inputSchema ?? { type: 'object', properties: {}, additionalProperties: false },
    }));
  }

  has(name: string): boolean {
    return this.defs.some((d) => d.name === name);
  }

  async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const index = this.calls.length;
    const def = this.defs.find((d) => d.name === name);
    if (!def) {
      this.calls.push({ server: 'none', tool: name, arguments: args, ok: false, durationMs: 0 });
      return { server: 'none', tool: name, ok: false, text: `unknown tool "${name}"`, durationMs: 0, index };
    }
    const out = def.run(args);
    const ok = out.ok ?? true;
    this.calls.push({
      server: def.server,
      tool: name,
      arguments: args,
      ok,
      durationMs: 1,
      summary: out.text.split('\n')[0],
    });
    return { server: def.server, tool: name, ok, text: out.text, structured: out.structured, durationMs: 1, index };
  }
}

export const DEPLOYMENTS = {
  deployments: [
    {
      id: 'd2',
      service: 'checkout-api',
      version: 'v2.4.1',
      commit: 'abc1234def5678',
      previousVersion: 'v2.4.0',
      commits: ['abc1234def5678'],
      startedAt: '2025-01-15T14:25:00Z',
    },
    {
      id: 'd1',
      service: 'checkout-api',
      version: 'v2.4.0',
      commit: '9999999aaaaaaa',
      previousVersion: null,
      commits: [],
      startedAt: '2025-01-14T10:00:00Z',
    },
  ],
};

/** logs, git and metrics tools over canned data, the shape the real servers give. */
export function standardCaller(): FakeCaller {
  return new FakeCaller([
    {
      server: 'logs',
      name: 'search_logs',
      inputSchema: {
        type: 'object',
        properties: { pattern: { type: 'string' }, service: { type: 'string' }, limit: { type: 'integer' } },
        required: ['pattern'],
        additionalProperties: false,
      },
      run: (a) => ({
        text: `Found 412 matches for "${String(a.pattern)}"\ncheckout-api ERROR Connection pool exhausted (user bob@example.com from 10.1.2.3)`,
      }),
    },
    {
      server: 'git',
      name: 'get_deployments',
      inputSchema: {
        type: 'object',
        properties: { since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'integer' } },
        additionalProperties: false,
      },
      run: () => ({
        text: '2 deployments\ncheckout-api v2.4.1 at 2025-01-15T14:25:00Z (abc1234)',
        structured: DEPLOYMENTS,
      }),
    },
    {
      server: 'git',
      name: 'get_commit',
      inputSchema: {
        type: 'object',
        properties: { sha: { type: 'string' } },
        required: ['sha'],
        additionalProperties: false,
      },
      run: (a) =>
        String(a.sha).startsWith('abc1234')
          ? { text: 'commit abc1234def5678', structured: { sha: 'abc1234def5678' } }
          : { ok: false, text: `no commit ${String(a.sha)} in the history read` },
    },
    { server: 'metrics', name: 'get_metrics', run: () => ({ text: 'error_rate 0.1% -> 15.5% at 14:45' }) },
  ]);
}

export function engineReport(): Report {
  const root = {
    summary: 'Connection pool exhaustion in checkout-api after v2.4.1',
    category: 'resource_exhaustion' as const,
    service: 'checkout-api',
    deployment: 'v2.4.1',
    commit: 'abc1234def5678',
    dependency: null,
    confidence: 0.8,
  };
  return {
    incident: '500 errors on checkout API',
    analyst: 'engine',
    window: { from: '2025-01-15T12:00:00Z', to: '2025-01-15T16:00:00Z' },
    onset: '2025-01-15T14:45:00Z',
    sources: { logs: 'ok', metrics: 'ok', git: 'ok', deployments: 'ok' },
    rootCause: root,
    hypotheses: [root],
    timeline: [{ time: '2025-01-15T14:25:00Z', source: 'deployments', event: 'checkout-api v2.4.1 deployed' }],
    evidence: [
      {
        source: 'logs',
        tool: 'search_logs',
        summary: 'pool exhausted errors from 14:46',
        ref: 'logs/checkout-api.log:10',
      },
    ],
    recommendations: ['Roll back checkout-api to v2.4.0'],
    toolCalls: [],
    diff: ['+ maxPoolSize: 35'],
  };
}

export function engineResult(): InvestigateResult {
  return { report: engineReport(), explanations: [] };
}

/** A JSON answer naming v2.4.1, citing calls by number. */
export function answerJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    rootCause: {
      summary: 'Pool exhaustion after v2.4.1',
      category: 'resource_exhaustion',
      service: 'checkout-api',
      deployment: 'v2.4.1',
      commit: null,
      dependency: null,
      confidence: 0.9,
    },
    hypotheses: [],
    onset: '2025-01-15T14:45:00Z',
    evidence: [{ source: 'logs', tool: 'search_logs', call: 0, summary: '412 pool exhausted errors', ref: null }],
    recommendations: ['Roll back v2.4.1'],
    narrative: 'v2.4.1 shrank the pool.',
    ...overrides,
  });
}
