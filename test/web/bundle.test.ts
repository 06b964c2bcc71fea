// The browser bundle: our ES modules in one classic script, each in its own scope, with imports bound.
import { Script, createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundleBrowserModules } from '../../src/web/bundle.js';

describe('bundleBrowserModules', () => {
  it('bundles the app and its imports into one script with no import or export left', () => {
    const code = bundleBrowserModules('web/client/app.js');
    expect(() => new Script(code)).not.toThrow();
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    // Modules from other folders come along: the report view and the Markdown renderer used by the exports.
    expect(code).toContain('const __m_web_view_report_view_js');
    expect(code).toContain('const __m_report_markdown_js');
    expect(code).toMatch(/const \{ ?escapeHtml: e ?\} = __m_web_view_escape_js;/);
  });

  it('runs: the shared report view renders in a bare script context with the bundled modules', () => {
    const code = bundleBrowserModules('web/view/report-view.js').replace(
      /\}\)\(\);\n$/,
      'globalThis.render = __m_web_view_report_view_js.renderReportBody;\n})();\n',
    );
    const ctx = createContext({});
    runInContext(code, ctx);
    const render = (ctx as { render: (r: unknown) => string }).render;
    const html = render({
      incident: 'x <b>',
      analyst: 'engine',
      window: { from: 'a', to: 'b' },
      onset: null,
      sources: {},
      rootCause: {
        summary: 'culprit here',
        category: 'code_bug',
        service: null,
        deployment: null,
        commit: null,
        dependency: null,
        confidence: 0.5,
      },
      hypotheses: [],
      timeline: [],
      evidence: [],
      recommendations: [],
      toolCalls: [],
    });
    expect(html).toContain('culprit here');
    expect(html).toContain('x &lt;b&gt;');
  });

  it('refuses an entry that does not exist, naming the file', () => {
    expect(() => bundleBrowserModules('web/client/missing.js')).toThrow(/cannot read .*missing\.ts/);
  });
});
