import { describe, expect, it } from 'vitest';
import { escapeCell, renderMarkdown } from '../../src/report/markdown.js';
import { makeReport } from './fixture.js';

describe('renderMarkdown', () => {
  const md = renderMarkdown(makeReport());

  it('has the headings in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Incident analysis: errors on svc-a',
      '## Root cause',
      '## Timeline',
      '## Evidence',
      '## Recommendations',
      '## Hypotheses',
      '## Tool calls',
    ]);
  });

  it('renders the timeline as a table and escapes pipes in cells', () => {
    expect(md).toContain('| Time | Source | Event |');
    expect(md).toContain('| 2030-02-01T10:40:00Z | deployments | svc-a v9.1.0 deployed (abcdef1) |');
    expect(md).toContain('| 1 | logs | search_logs | {"pattern":"a\\|b"} | yes | 12 | 310 matches |');
  });

  it('lists evidence with refs, recommendations numbered, hypotheses with confidence', () => {
    expect(md).toContain(
      "- **logs** (`search_logs`): 310 'pool timeout | waiting' errors in svc-a — `logs/svc-a.log:812`",
    );
    expect(md).toContain('- **metrics** (`get_anomalies`): latency p95 0.2s -> 4.1s\n');
    expect(md).toContain('1. Roll back svc-a to v9.0.3');
    expect(md).toContain('| 2 | Upstream svc-b is down | dependency_failure, svc-b, dependency svc-b | 20% |');
    expect(md).toContain('- Commit: `abcdef1234567890`');
    expect(md).toContain('```diff\n-  pool_max: 10\n+  pool_max: 12\n```');
  });

  it('says so when a section is empty', () => {
    const empty = renderMarkdown(makeReport({ timeline: [], evidence: [], toolCalls: [], hypotheses: [] }));
    expect(empty).toMatch(/## Timeline\n\n_No events._/);
    expect(empty).toMatch(/## Tool calls\n\n_None._/);
  });

  it('escapes cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b c');
  });
});
