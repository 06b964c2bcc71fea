// A ToolCaller that answers from canned structured results: drives the engine without servers.
import type { ToolCaller, ToolInfo, ToolResult } from '../../src/core/tool-caller.js';

export class FakeCaller implements ToolCaller {
  readonly calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  constructor(private readonly answers: Record<string, (args: Record<string, unknown>) => unknown>) {}
  tools(): ToolInfo[] {
    return Object.keys(this.answers).map((name) => ({ server: 'fake', name, description: '', inputSchema: {} }));
  }
  has(name: string): boolean {
    return name in this.answers;
  }
  async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const index = this.calls.length;
    this.calls.push({ name, args });
    const answer = this.answers[name];
    if (!answer) return { server: 'fake', tool: name, ok: false, text: 'unknown tool', durationMs: 0, index };
    const structured = answer(args);
    return {
      server: 'fake',
      tool: name,
      ok: structured !== null,
      structured,
      text: JSON.stringify(structured).slice(0, 80),
      durationMs: 0,
      index,
    };
  }
}

const MIN = 60_000;
export const T0 = Date.parse('2025-06-01T10:00:00Z');
export const iso = (minute: number) => new Date(T0 + minute * MIN).toISOString();

/** A template row of log_patterns: `counts` per minute from T0. */
export function template(service: string, level: string, text: string, counts: number[], isNew: boolean) {
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return {
    id: `${service}:${text}`.slice(0, 12),
    template: text,
    service,
    level,
    count: counts.reduce((a, b) => a + b, 0),
    first: iso(first),
    last: iso(last),
    isNew,
    baselinePerMinute: 0,
    recentPerMinute: 0,
    rateJump: 1,
    sample: text.replace(/<\*>/g, '42'),
    ref: `logs/${service}.log:${first + 1}`,
    rate: { start: iso(0), stepSeconds: 60, counts },
  };
}

export const zeros = (n: number) => Array<number>(n).fill(0);
export const steady = (n: number, v: number) => Array<number>(n).fill(v);

export function deployment(
  service: string,
  version: string,
  minute: number,
  commit: string,
  previousVersion: string | null,
  commits = [commit],
) {
  return {
    id: `d-${version}`,
    service,
    version,
    environment: 'production',
    commit,
    startedAt: iso(minute - 2),
    finishedAt: iso(minute),
    status: 'succeeded',
    previousVersion,
    commits,
  };
}

export function commitDetail(sha: string, message: string, path: string, lines: string[]) {
  return {
    sha,
    author: 'a',
    date: iso(0),
    message,
    services: [],
    files: [{ path, additions: 1, deletions: 1, patch: lines.join('\n') }],
    truncated: false,
  };
}
