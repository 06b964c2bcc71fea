// A failure that has already recovered keeps its root cause; every rendering says when it stopped and what stopped it.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/web/html-report.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportSchema } from '../../src/report/schema.js';
import { describeRecovery, renderTerminal } from '../../src/report/terminal.js';
import { makeReport } from './fixture.js';

const recovered = () =>
  makeReport({ recovery: { at: '2030-02-01T11:40:00Z', by: 'rollback', change: 'svc-a v9.0.9' } });

describe('recovery', () => {
  it('is an optional field of the contract, with the three known causes', () => {
    expect(reportSchema.safeParse(recovered()).success).toBe(true);
    expect(reportSchema.safeParse(makeReport()).success).toBe(true);
    expect(reportSchema.safeParse(makeReport({ recovery: { at: 'x', by: 'magic' as 'rollback' } })).success).toBe(
      false,
    );
  });

  it('says when and how in the same words everywhere', () => {
    expect(describeRecovery({ at: 'T', by: 'rollback', change: 'svc-a v9.0.9' })).toBe(
      'recovered: the symptoms stopped at T after the rollback to svc-a v9.0.9',
    );
    expect(describeRecovery({ at: 'T', by: 'deployment', change: 'svc-a v9.1.1' })).toBe(
      'recovered: the symptoms stopped at T after a later deployment (svc-a v9.1.1)',
    );
    expect(describeRecovery({ at: 'T', by: 'unknown', change: null })).toBe(
      'recovered: the symptoms stopped at T with nothing known to have stopped it',
    );
  });

  it('is shown under the root cause in the terminal, Markdown and HTML, and only when present', () => {
    const line = 'recovered: the symptoms stopped at 2030-02-01T11:40:00Z after the rollback to svc-a v9.0.9';
    const terminal = renderTerminal(recovered());
    expect(terminal).toContain(`  Status:     ${line}`);
    expect(terminal.indexOf('Status:')).toBeGreaterThan(terminal.indexOf('Root Cause:'));
    expect(renderMarkdown(recovered())).toContain(`- Status: ${line}`);
    expect(renderHtml(recovered())).toContain(
      '<p class="recovery" id="recovery"><strong>Recovered.</strong> The symptoms stopped at 2030-02-01T11:40:00Z after the rollback to svc-a v9.0.9.</p>',
    );
    // The root cause and its category stay.
    expect(terminal).toContain('Category:   resource_exhaustion');
    expect(renderTerminal(makeReport())).not.toContain('Status:');
    expect(renderMarkdown(makeReport())).not.toContain('- Status:');
    expect(renderHtml(makeReport())).not.toContain('id="recovery"');
  });
});
