// renderHtml: a self-contained page with the culprit, every piece of report text escaped, the chart library and
// our script inline, and nothing loaded from another host.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/web/html-report.js';
import { HOSTILE, makeReport } from './fixture.js';

const html = renderHtml(makeReport());

function scriptBodies(page: string): string[] {
  return [...page.matchAll(/<script(?![^>]*application\/json)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

describe('renderHtml', () => {
  it('shows the culprit, its confidence, the blamed deployment and commit, and the diff lines', () => {
    expect(html).toContain('Code bug in billing-svc after deployment r77');
    expect(html).toContain('82% confidence');
    expect(html).toMatch(/<dt>Deployment<\/dt><dd>r77<\/dd>/);
    expect(html).toContain('abcdef123456');
    expect(html).toMatch(/class="add">\+ {2}const total = sum\(items\) \* rate;/);
    expect(html).toMatch(/class="del">- {2}const total = sum\(items\);/);
  });

  it('lists the other hypotheses with why they ranked lower, the evidence with refs, recommendations and the timeline', () => {
    expect(html).toContain('Dependency failure of ledger-db');
    expect(html).toContain('Why it ranked lower:');
    expect(html).toContain('ledger-db errors started after the onset');
    expect(html).toContain('<code class="ref">logs/billing.log:42</code>');
    expect(html).toContain('Roll back billing-svc to r76');
    expect(html).toContain('billing-svc r77 deployed');
  });

  it('escapes hostile text everywhere: no tag or handler from report text reaches the markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Only our own three scripts and the JSON data block.
    expect(html.match(/<script/g)).toHaveLength(3);
    // The embedded JSON cannot close its script element.
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(json).not.toMatch(/<\/script/i);
    expect(JSON.parse(json).rootCause.summary).toContain(HOSTILE);
  });

  it('inlines the chart library and a page script that parses, with chart placeholders for every chart', () => {
    const uplot = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    expect(html).toContain(uplot.slice(0, 200));
    const scripts = scriptBodies(html);
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(() => new Script(s)).not.toThrow();
    expect(scripts[1]).toContain('drawCharts');
    expect(scripts[1]).not.toMatch(/^\s*(import|export)\b/m);
    // http_error_ratio, latency_p95, the templates.
    expect(html.match(/data-chart="\d+"/g)).toHaveLength(3);
    expect(html).toContain('New error templates (per minute)');
    // The markers in words too, with the blamed deployment named.
    expect(html).toMatch(
      /<li class="marker-deployment blamed">Deployment billing-svc r77 at 2025-03-01T10:17:00Z <strong>\(blamed\)<\/strong><\/li>/,
    );
    expect(html).toContain('<li class="marker-onset">Onset at 2025-03-01T10:20:00Z</li>');
  });

  it('loads nothing from the network: no src or href to http(s) hosts, and a CSP that forbids it', () => {
    const refs = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map(
      (m) => m[1],
    );
    expect(refs).toEqual([]);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('has a skip link, a focusable main, the export buttons and the viewport meta for phones', () => {
    expect(html).toMatch(/<a class="skip-link" href="#main">/);
    expect(html).toContain('<main id="main" tabindex="-1">');
    expect(html).toContain('data-export="markdown"');
    expect(html).toContain('data-export="json"');
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
  });

  it('renders a report without charts, diff or hypotheses', () => {
    const bare = renderHtml(
      makeReport({
        charts: undefined,
        diff: undefined,
        hypotheses: [],
        evidence: [],
        recommendations: [],
        timeline: [],
        onset: null,
      }),
    );
    expect(bare).toContain('No chart data in this report.');
    expect(bare).not.toContain('data-chart=');
    expect(bare).toContain('onset not found');
  });
});
