import { describe, expect, it } from 'vitest';
import { formatEventTime, makeStyle, renderTerminal, shouldColor } from '../../src/report/terminal.js';
import { makeReport } from './fixture.js';

describe('renderTerminal', () => {
  const text = renderTerminal(makeReport());

  it('shows the sections in the seed order', () => {
    const order = [
      'ROOT CAUSE ANALYSIS',
      'Timeline:',
      'Root Cause:',
      'Evidence:',
      'Recommendations:',
      'Other hypotheses:',
    ].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('names the root cause fields', () => {
    expect(text).toContain('Connection pool exhaustion in svc-a after deployment v9.1.0');
    expect(text).toMatch(/Category:\s+resource_exhaustion/);
    expect(text).toMatch(/Service:\s+svc-a/);
    expect(text).toMatch(/Deployment:\s+v9\.1\.0/);
    expect(text).toMatch(/Commit:\s+abcdef1234567890/);
    expect(text).toMatch(/Confidence:\s+82%/);
  });

  it('lists timeline with clock times, evidence with refs, numbered recommendations and other hypotheses', () => {
    expect(text).toContain('- 10:40: svc-a v9.1.0 deployed (abcdef1) [deployments]');
    expect(text).toContain("- Logs: 310 'pool timeout | waiting' errors in svc-a (logs/svc-a.log:812)");
    expect(text).toContain('1. Roll back svc-a to v9.0.3');
    expect(text).toContain('2. Alert on pool saturation');
    expect(text).toContain('Upstream svc-b is down (dependency_failure, svc-b, dependency svc-b) 20%');
    // The root cause is not repeated among the other hypotheses.
    expect(text.split('Connection pool exhaustion in svc-a').length).toBe(2);
  });

  it('is plain text without colour and ANSI with it', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderTerminal(makeReport(), { color: true })).toContain('\u001b[1m');
  });

  it('shows the dependency when no change is blamed', () => {
    const rc = {
      summary: 'Upstream down',
      category: 'dependency_failure' as const,
      service: 'svc-a',
      deployment: null,
      commit: null,
      dependency: 'payments-gw',
      confidence: 0.5,
    };
    const out = renderTerminal(makeReport({ rootCause: rc, hypotheses: [rc] }));
    expect(out).toMatch(/Dependency: payments-gw/);
    expect(out).toMatch(/Deployment: -/);
    expect(out).not.toContain('Other hypotheses');
  });
});

describe('colour rules', () => {
  it('colours only a TTY without NO_COLOR', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
  });
  it('a plain style returns text unchanged', () => {
    expect(makeStyle(false).red('x')).toBe('x');
    expect(makeStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
  it('puts the date in front of times when events span days', () => {
    expect(formatEventTime('2030-02-01T10:40:00Z', false)).toBe('10:40');
    expect(formatEventTime('2030-02-01T10:40:00Z', true)).toBe('2030-02-01 10:40');
    expect(formatEventTime('not a time', false)).toBe('not a time');
  });
});
