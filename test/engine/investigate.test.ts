import { describe, expect, it } from 'vitest';
import { investigate, keyPhrase } from '../../src/engine/investigate.js';
import { reportSchema } from '../../src/report/schema.js';
import { FakeCaller, commitDetail, deployment, iso, steady, template, zeros } from './fake-caller.js';

const window = { from: iso(0), to: iso(180) };

function world(opts: {
  templates: ReturnType<typeof template>[];
  deployments: ReturnType<typeof deployment>[];
  commits: Record<string, ReturnType<typeof commitDetail>>;
}) {
  return new FakeCaller({
    log_patterns: () => ({ window, baselineUntil: iso(72), totalEntries: 1000, templates: opts.templates, omitted: 0 }),
    get_metrics: () => ({ window, series: [], total: 0 }),
    get_anomalies: () => ({ window, anomalies: [], seriesScanned: 0 }),
    get_deployments: () => ({ window, deployments: opts.deployments, total: opts.deployments.length }),
    get_recent_commits: () => ({ window, commits: [], total: 0 }),
    get_commit: (args) => opts.commits[String(args.sha)] ?? null,
    search_logs: (args) => ({
      pattern: String(args.pattern),
      regex: false,
      window,
      totalMatches: 3,
      matches: [{ time: iso(120), level: 'ERROR', service: 'x', message: 'm', ref: 'logs/x.log:9' }],
      truncated: false,
      byService: [],
      perMinute: [],
      firstMatch: iso(120),
      lastMatch: iso(130),
    }),
  });
}

describe('investigate', () => {
  it('blames the producer whose change breaks a consumer, not the consumer nor a later fix', async () => {
    const caller = world({
      templates: [
        template(
          'ledger',
          'ERROR',
          'Failed to decode invoice <*> from billing: missing field amount_cents',
          [...zeros(120), ...steady(60, 9)],
          true,
        ),
        template(
          'ledger',
          'ERROR',
          'Telemetry flush failed <*>',
          steady(180, 0).map((_, i) => (i % 40 === 0 ? 1 : 0)),
          false,
        ),
      ],
      deployments: [
        deployment('billing', 'v3.2.0', 116, 'aaaaaaa1', 'v3.1.9'),
        deployment('ledger', 'v1.4.2', 118, 'bbbbbbb2', 'v1.4.1'),
        deployment('billing', 'v3.2.1', 140, 'ccccccc3', 'v3.2.0'),
      ],
      commits: {
        aaaaaaa1: commitDetail(
          'aaaaaaa1',
          'Serialize invoice amounts as amountCents',
          'services/billing/src/serialize.ts',
          ['-  amount_cents: x,', '+  amountCents: x,'],
        ),
        bbbbbbb2: commitDetail('bbbbbbb2', 'Bump logging library', 'services/ledger/package.json', [
          '-"logger": "1"',
          '+"logger": "2"',
        ]),
      },
    });
    const { report, explanations } = await investigate('ledger failing', caller);
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.rootCause.deployment).toBe('v3.2.0');
    expect(report.rootCause.service).toBe('billing');
    expect(report.rootCause.commit).toBe('aaaaaaa1');
    expect(Date.parse(report.onset ?? '')).toBe(Date.parse(iso(120)));
    expect(explanations[0].parts.content).toBeGreaterThan(explanations[1].parts.content);
    expect(report.recommendations[0]).toContain('Roll back billing to v3.1.9');
    // The errors went on after the later billing deployment: it did not fix them.
    expect(report.recommendations.some((r) => r.includes('v3.2.1') && r.includes('did not stop the errors'))).toBe(
      true,
    );
    // The fix after the onset is no candidate, but the timeline shows it.
    expect(report.hypotheses.some((h) => h.deployment === 'v3.2.1')).toBe(false);
    expect(report.timeline.some((e) => e.event.includes('v3.2.1') && e.event.includes('after the onset'))).toBe(true);
    // Evidence cites tool calls that were made.
    for (const e of report.evidence) if (e.call !== undefined) expect(caller.calls[e.call]).toBeDefined();
  });

  it('blames an outside dependency when no change explains the errors', async () => {
    const caller = world({
      templates: [
        template(
          'payments',
          'ERROR',
          'authorize <*> failed: x509: certificate has expired or is not yet valid for host api.partner.example',
          [...zeros(130), ...steady(50, 10)],
          true,
        ),
      ],
      deployments: [deployment('payments', 'v2.9.0', 68, 'ddddddd4', 'v2.8.9')],
      commits: {
        ddddddd4: commitDetail('ddddddd4', 'Add retry label to metrics', 'services/payments/src/metrics.go', [
          '+labels := []string{"retry"}',
        ]),
      },
    });
    const { report } = await investigate('payments failing', caller);
    expect(report.rootCause.deployment).toBeNull();
    expect(report.rootCause.commit).toBeNull();
    expect(report.rootCause.dependency).toBe('api.partner.example');
    expect(report.rootCause.category).toBe('certificate_expiry');
  });

  it('says no fault when only the errors that were always there remain', async () => {
    const caller = world({
      templates: [template('cart', 'ERROR', 'Coupon <*> rejected: expired', steady(180, 1), false)],
      deployments: [deployment('pricing', 'v9.1.0', 60, 'eeeeeee5', 'v9.0.9')],
      commits: {},
    });
    const { report } = await investigate('high error rate on cart', caller);
    expect(report.rootCause.category).toBe('no_fault');
    expect(report.rootCause.deployment).toBeNull();
  });

  it('parses every answer with its contract: an off-contract one is left out and named in the warnings', async () => {
    const good = world({
      templates: [template('cart', 'ERROR', 'Coupon <*> rejected: expired', steady(180, 1), false)],
      deployments: [],
      commits: {},
    });
    const clean = await investigate('cart failing', good);
    expect(clean.report.warnings ?? []).not.toContainEqual(expect.stringContaining('contract'));

    const bad = world({
      templates: [template('cart', 'ERROR', 'Coupon <*> rejected: expired', steady(180, 1), false)],
      deployments: [],
      commits: {},
    });
    (bad as unknown as { answers: Record<string, () => unknown> }).answers.get_deployments = () => ({
      window,
      deployments: [{ service: 'cart', version: 42 }],
      total: 1,
    });
    const { report } = await investigate('cart failing', bad);
    expect(report.warnings).toContainEqual(
      expect.stringMatching(/^get_deployments: answer does not match its contract \(deployments\.0\./),
    );
    expect(report.sources.deployments).toBe('error');
  });

  it('picks the longest literal run of a template to search for', () => {
    expect(keyPhrase('<*> Connection pool exhausted: timeout <*>')).toBe('Connection pool exhausted: timeout');
  });
});

describe('chart data', () => {
  it('stays small whatever the window', async () => {
    const { coarsenCounts } = await import('../../src/engine/report.js');
    const { downsample } = await import('../../src/analysis/series.js');
    const points = Array.from({ length: 1000 }, (_, i) => [i * 60, i % 2] as [number, number]);
    const small = downsample(points, 200);
    expect(small.length).toBeLessThanOrEqual(200);
    expect(small[0]).toEqual([0, 0.4]);
    const c = coarsenCounts(Array(1440).fill(1), 60);
    expect(c.counts.length).toBeLessThanOrEqual(200);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(1440);
    expect(c.stepSeconds).toBe(60 * Math.ceil(1440 / 200));
  });
});
