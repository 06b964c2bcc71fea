// correlate_logs_and_traces asks the logs server (through ctx.callTool) for the lines carrying the trace id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { tracesServer } from '../../../src/servers/traces/index.js';
import type { AnyTool } from '../../../src/mcp/tool.js';
import { connectTools } from '../../helpers/mcp-pair.js';
import { FAILING_TRACE, writeTraceDir } from './fixture.js';

let dir: string;
let tools: AnyTool[];

beforeAll(async () => {
  dir = writeTraceDir();
  tools = (await tracesServer.create({ dataDir: dir, env: {} })).tools;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logLine = (service: string, level: string, message: string, ref: string) => ({ time: '2025-06-01T10:01:00.200Z', level, service, message, ref });

describe('correlate_logs_and_traces', () => {
  it('calls search_logs with the trace id and a window around the trace, and sets the lines beside the trace', async () => {
    const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
    const callTool = async (name: string, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const matches = [logLine('payments', 'ERROR', `charge failed trace_id=${FAILING_TRACE}`, 'logs/payments.log:12'), logLine('web', 'WARN', `upstream 502 trace_id=${FAILING_TRACE}`, 'logs/web.log:40')];
      const structured = {
        pattern: args.pattern, regex: false, window: { from: args.since, to: args.until }, totalMatches: 2, matches, truncated: false,
        byService: [{ service: 'payments', count: 1 }, { service: 'web', count: 1 }], perMinute: [], firstMatch: matches[0].time, lastMatch: matches[1].time,
      };
      return { structured, text: 'two lines', isError: false };
    };
    const tc = await connectTools('traces', tools, { context: { callTool } });
    const r = await tc.call('correlate_logs_and_traces', { trace_id: FAILING_TRACE });
    await tc.close();
    expect(r.isError).toBe(false);
    expect(calls).toHaveLength(1);
    expect(calls[0].name).toBe('search_logs');
    expect(calls[0].args).toMatchObject({ pattern: FAILING_TRACE, since: '2025-06-01T09:56:00Z', until: '2025-06-01T10:06:00.800Z' });
    expect(r.structured).toMatchObject({ totalLogLines: 2, servicesWithLogs: ['payments', 'web'], servicesWithoutLogs: ['orders'] });
    expect((r.structured.trace as { errorServices: string[] }).errorServices.sort()).toEqual(['orders', 'payments', 'web']);
  });

  it('passes on a logs-server failure as a tool error', async () => {
    const tc = await connectTools('traces', tools, { context: { callTool: async () => ({ text: 'no logs source', isError: true }) } });
    const r = await tc.call('correlate_logs_and_traces', { trace_id: FAILING_TRACE });
    await tc.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no logs source/);
  });

  it('without callTool, explains that the logs server must be connected', async () => {
    const tc = await connectTools('traces', tools);
    const r = await tc.call('correlate_logs_and_traces', { trace_id: FAILING_TRACE });
    await tc.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/logs server/);
  });
});
