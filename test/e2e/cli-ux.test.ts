// What a user sees from the real CLI: tool numbers in order on stderr, help with examples, exit codes and
// environment variables, one line for an unknown option, and a doctor that says what it checked.
import { describe, expect, it } from 'vitest';
import { runCli, SAMPLE } from './helpers.js';

describe('analyze progress (real CLI)', () => {
  it('numbers the tool calls in ascending order, matching the report toolCalls', async () => {
    const run = await runCli(['analyze', '500 errors on checkout API', '--llm', 'none', '--data', SAMPLE, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const printed = [...run.stderr.matchAll(/\[Tool #(\d+)\] (\w+) \((\w+) server\)/g)].map((m) => ({ n: Number(m[1]), tool: m[2], server: m[3].toLowerCase() }));
    expect(printed.length).toBe(report.toolCalls.length);
    expect(printed.map((p) => p.n)).toEqual(report.toolCalls.map((_c: unknown, i: number) => i + 1));
    expect(printed.map((p) => `${p.server}/${p.tool}`)).toEqual(report.toolCalls.map((c: { server: string; tool: string }) => `${c.server}/${c.tool}`));
  });
});
