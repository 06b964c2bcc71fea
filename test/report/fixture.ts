// A hand-made report, small and complete, for the renderer tests.
import type { Report } from '../../src/report/schema.js';

export function makeReport(over: Partial<Report> = {}): Report {
  const rootCause = {
    summary: 'Connection pool exhaustion in svc-a after deployment v9.1.0',
    category: 'resource_exhaustion' as const,
    service: 'svc-a',
    deployment: 'v9.1.0',
    commit: 'abcdef1234567890',
    dependency: null,
    confidence: 0.82,
    reasons: ['deployed 20 min before the onset'],
  };
  return {
    incident: 'errors on svc-a',
    analyst: 'engine',
    window: { from: '2030-02-01T10:00:00Z', to: '2030-02-01T12:00:00Z' },
    onset: '2030-02-01T11:00:00Z',
    sources: { logs: 'ok', metrics: 'ok', git: 'ok', deployments: 'ok', traces: 'absent' },
    rootCause,
    hypotheses: [
      rootCause,
      {
        summary: 'Upstream svc-b is down',
        category: 'dependency_failure',
        service: 'svc-b',
        deployment: null,
        commit: null,
        dependency: 'svc-b',
        confidence: 0.2,
      },
    ],
    timeline: [
      { time: '2030-02-01T10:40:00Z', source: 'deployments', event: 'svc-a v9.1.0 deployed (abcdef1)' },
      { time: '2030-02-01T11:00:00Z', source: 'metrics', event: 'error ratio 0.1% -> 12%' },
    ],
    evidence: [
      {
        source: 'logs',
        tool: 'search_logs',
        summary: "310 'pool timeout | waiting' errors in svc-a",
        ref: 'logs/svc-a.log:812',
      },
      { source: 'metrics', tool: 'get_anomalies', summary: 'latency p95 0.2s -> 4.1s', ref: null },
    ],
    recommendations: ['Roll back svc-a to v9.0.3', 'Alert on pool saturation'],
    toolCalls: [
      {
        server: 'logs',
        tool: 'search_logs',
        arguments: { pattern: 'a|b' },
        ok: true,
        durationMs: 12,
        summary: '310 matches',
      },
    ],
    diff: ['-  pool_max: 10', '+  pool_max: 12'],
    ...over,
  };
}
