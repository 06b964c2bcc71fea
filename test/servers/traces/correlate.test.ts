// correlate_logs_and_traces searches the logs of the same configuration (here <data>/logs) for the trace id,
// inside the traces server: no other server is started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tracesServer } from '../../../src/servers/traces/index.js';
import type { ServerInstance } from '../../../src/servers/types.js';
import { connectTools } from '../../helpers/mcp-pair.js';
import { FAILING_TRACE, OK_TRACE, writeTraceDir } from './fixture.js';

let withLogs: string;
let withoutLogs: string;
const instances: ServerInstance[] = [];

beforeAll(() => {
  withLogs = writeTraceDir();
  withoutLogs = writeTraceDir();
  mkdirSync(join(withLogs, 'logs'));
  writeFileSync(
    join(withLogs, 'logs', 'payments.log'),
    [
      `2025-06-01 10:01:00.200 ERROR [payments] charge failed trace_id=${FAILING_TRACE}`,
      `2025-06-01 10:01:00.300 INFO [payments] charge ok trace_id=${OK_TRACE}`,
      // Outside the trace's window (+- 5 minutes): not this request's line.
      `2025-06-01 11:30:00.000 ERROR [payments] replayed trace_id=${FAILING_TRACE}`,
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(withLogs, 'logs', 'web.log'),
    `2025-06-01 10:01:00.500 WARN [web] upstream 502 trace_id=${FAILING_TRACE}\n`,
  );
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
  for (const d of [withLogs, withoutLogs]) rmSync(d, { recursive: true, force: true });
});

async function correlate(dataDir: string, args: Record<string, unknown>) {
  const instance = await tracesServer.create({ dataDir, env: {} });
  instances.push(instance);
  const tc = await connectTools('traces', instance.tools);
  try {
    return await tc.call('correlate_logs_and_traces', args);
  } finally {
    await tc.close();
  }
}

describe('correlate_logs_and_traces', () => {
  it('finds the lines carrying the trace id in a window around the trace, and sets them beside the trace', async () => {
    const r = await correlate(withLogs, { trace_id: FAILING_TRACE });
    expect(r.isError).toBe(false);
    expect(r.structured).toMatchObject({
      window: { from: '2025-06-01T09:56:00Z', to: '2025-06-01T10:06:00.801Z' },
      totalLogLines: 2,
      servicesWithLogs: ['payments', 'web'],
      servicesWithoutLogs: ['orders'],
    });
    const logs = r.structured.logs as Array<{ service: string; level: string; ref: string }>;
    expect(logs.map((l) => [l.service, l.level])).toEqual([
      ['payments', 'ERROR'],
      ['web', 'WARN'],
    ]);
    expect(logs[0].ref).toMatch(/payments\.log:1$/);
    expect((r.structured.trace as { errorServices: string[] }).errorServices.sort()).toEqual([
      'orders',
      'payments',
      'web',
    ]);
    expect(r.text).toMatch(/2 log line\(s\)/);
  });

  it('takes an explicit window over the trace time', async () => {
    const r = await correlate(withLogs, {
      trace_id: FAILING_TRACE,
      since: '2025-06-01T11:00:00Z',
      until: '2025-06-01T12:00:00Z',
    });
    expect(r.structured).toMatchObject({ totalLogLines: 1, servicesWithLogs: ['payments'] });
  });

  it('without logs in the configuration, says how to give it some', async () => {
    const r = await correlate(withoutLogs, { trace_id: FAILING_TRACE });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/needs logs.*--data DIR with DIR\/logs.*LOKI_URL/);
  });
});
