// A small hand-made report for the renderer tests, with hostile text where log lines and commit messages go.
import type { Report } from '../../src/report/schema.js';

export const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

export function makeReport(overrides: Partial<Report> = {}): Report {
  const t0 = Date.parse('2025-03-01T10:00:00Z') / 1000;
  const points = (base: number, jumpAt: number, high: number): Array<[number, number]> =>
    Array.from({ length: 30 }, (_, i) => [t0 + i * 60, i >= jumpAt ? high : base]);
  return {
    incident: `payments failing ${HOSTILE}`,
    analyst: 'engine',
    window: { from: '2025-03-01T10:00:00Z', to: '2025-03-01T10:30:00Z' },
    onset: '2025-03-01T10:20:00Z',
    sources: { logs: 'ok', metrics: 'ok', git: 'ok', deployments: 'ok', traces: 'absent' },
    rootCause: {
      summary: `Code bug in billing-svc after deployment r77 (${HOSTILE})`,
      category: 'code_bug',
      service: 'billing-svc',
      deployment: 'r77',
      commit: 'abcdef1234567890abcdef1234567890abcdef12',
      dependency: null,
      confidence: 0.82,
      reasons: ['3 min before the onset', 'billing-svc is where the fault points'],
    },
    hypotheses: [
      {
        summary: 'Code bug in billing-svc after deployment r77',
        category: 'code_bug',
        service: 'billing-svc',
        deployment: 'r77',
        commit: 'abcdef1',
        dependency: null,
        confidence: 0.82,
      },
      {
        summary: 'Dependency failure of ledger-db',
        category: 'dependency_failure',
        service: 'ledger',
        deployment: null,
        commit: null,
        dependency: 'ledger-db',
        confidence: 0.31,
        reasons: ['ledger-db errors started after the onset', `its log says ${HOSTILE}`],
      },
    ],
    timeline: [
      { time: '2025-03-01T10:17:00Z', source: 'deployments', event: 'billing-svc r77 deployed' },
      { time: '2025-03-01T10:20:00Z', source: 'logs', event: `new error ${HOSTILE}` },
    ],
    evidence: [
      {
        source: 'logs',
        tool: 'log_patterns',
        summary: `812 ERROR "${HOSTILE}" in billing-svc`,
        ref: 'logs/billing.log:42',
        call: 0,
      },
    ],
    recommendations: ['Roll back billing-svc to r76', `Check ${HOSTILE}`],
    toolCalls: [
      {
        server: 'logs',
        tool: 'log_patterns',
        arguments: { limit: 10 },
        ok: true,
        durationMs: 12,
        summary: `3 templates ${HOSTILE}`,
      },
    ],
    diff: ['-  const total = sum(items);', `+  const total = sum(items) * rate; // ${HOSTILE}`],
    charts: {
      series: [
        { name: 'http_error_ratio', service: 'billing-svc', points: points(0.001, 20, 0.2) },
        { name: 'http_error_ratio', service: 'ledger', points: points(0.002, 22, 0.05) },
        { name: 'latency_p95', service: 'billing-svc', points: points(0.1, 20, 2) },
      ],
      templates: [
        {
          template: `TypeError ${HOSTILE}`,
          service: 'billing-svc',
          start: '2025-03-01T10:00:00Z',
          stepSeconds: 60,
          counts: Array.from({ length: 30 }, (_, i) => (i >= 20 ? 40 : 0)),
        },
      ],
      markers: [
        { time: '2025-03-01T10:17:00Z', label: 'billing-svc r77', kind: 'deployment' },
        { time: '2025-03-01T10:20:00Z', label: 'onset', kind: 'onset' },
      ],
    },
    ...overrides,
  };
}
