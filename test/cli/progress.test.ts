import { describe, expect, it } from 'vitest';
import { displayServerName, formatArguments, Progress } from '../../src/cli/progress.js';

function capture(color = false, quiet = false) {
  let text = '';
  const progress = new Progress({ write: (s: string) => (text += s) }, color, quiet);
  return { progress, text: () => text };
}

describe('Progress', () => {
  it('prints numbered steps and the seed-style tool call block', () => {
    const { progress, text } = capture();
    progress.step(1, 'Starting 3 MCP servers...');
    progress.onRouterEvent({
      type: 'call',
      index: 0,
      server: 'logs',
      tool: 'search_logs',
      arguments: { pattern: '500' },
    });
    progress.onRouterEvent({
      type: 'result',
      index: 0,
      server: 'logs',
      tool: 'search_logs',
      ok: true,
      durationMs: 7,
      summary: 'Found 5 matches',
    });
    expect(text()).toContain('[1/6] Starting 3 MCP servers...');
    expect(text()).toContain(
      '[Tool #1] search_logs (LOGS server)\n  Arguments: {"pattern":"500"}\n  Result: Found 5 matches (7 ms)',
    );
    expect(text()).not.toContain('\u001b[');
  });

  it('keeps parallel calls apart: each block has its own arguments', () => {
    const { progress, text } = capture();
    progress.onRouterEvent({ type: 'call', index: 0, server: 'logs', tool: 'a', arguments: { x: 1 } });
    progress.onRouterEvent({ type: 'call', index: 1, server: 'git', tool: 'b', arguments: { y: 2 } });
    progress.onRouterEvent({
      type: 'result',
      index: 1,
      server: 'git',
      tool: 'b',
      ok: false,
      durationMs: 1,
      summary: 'boom',
    });
    progress.onRouterEvent({
      type: 'result',
      index: 0,
      server: 'logs',
      tool: 'a',
      ok: true,
      durationMs: 1,
      summary: 'fine',
    });
    expect(text()).toContain('[Tool #2] b (GIT server)\n  Arguments: {"y":2}\n  Result: error: boom');
    expect(text()).toContain('[Tool #1] a (LOGS server)\n  Arguments: {"x":1}\n  Result: fine');
  });

  it('prints the blocks in number order, whatever order parallel calls finish in', () => {
    const { progress, text } = capture();
    const tools = ['log_patterns', 'get_metrics', 'get_deployments', 'get_recent_commits', 'get_anomalies'];
    tools.forEach((tool, index) => progress.onRouterEvent({ type: 'call', index, server: 's', tool, arguments: {} }));
    for (const index of [2, 4, 0, 3, 1]) {
      progress.onRouterEvent({
        type: 'result',
        index,
        server: 's',
        tool: tools[index],
        ok: true,
        durationMs: 1,
        summary: 'ok',
      });
      if (index === 2) expect(text()).toBe(''); // #3 waits for #1 and #2
    }
    const numbers = [...text().matchAll(/\[Tool #(\d+)\] (\w+)/g)].map((m) => [Number(m[1]), m[2]]);
    expect(numbers).toEqual(tools.map((t, i) => [i + 1, t]));
  });

  it('skips numbers that had no events (unknown tools) and prints what is left at the end', () => {
    const { progress, text } = capture();
    progress.onRouterEvent({ type: 'call', index: 0, server: 's', tool: 'a', arguments: {} });
    // index 1 was an unknown tool: the router records it without events
    progress.onRouterEvent({ type: 'call', index: 2, server: 's', tool: 'c', arguments: {} });
    progress.onRouterEvent({ type: 'call', index: 3, server: 's', tool: 'd', arguments: {} });
    progress.onRouterEvent({
      type: 'result',
      index: 2,
      server: 's',
      tool: 'c',
      ok: true,
      durationMs: 1,
      summary: 'ok',
    });
    progress.onRouterEvent({
      type: 'result',
      index: 0,
      server: 's',
      tool: 'a',
      ok: true,
      durationMs: 1,
      summary: 'ok',
    });
    expect([...text().matchAll(/\[Tool #(\d+)\]/g)].map((m) => m[1])).toEqual(['1', '3']);
    progress.complete([], []);
    expect(text()).not.toContain('[Tool #4]');
  });

  it('totals calls per server, including servers with none', () => {
    const { progress, text } = capture();
    progress.complete(
      [
        { server: 'logs', tool: 'a', arguments: {}, ok: true, durationMs: 1 },
        { server: 'logs', tool: 'a', arguments: {}, ok: false, durationMs: 1 },
        { server: 'git', tool: 'b', arguments: {}, ok: true, durationMs: 1 },
      ],
      ['logs', 'git', 'metrics'],
    );
    expect(text()).toContain('[6/6] ANALYSIS COMPLETE');
    expect(text()).toContain('Total MCP tool calls: 3');
    expect(text()).toContain('  - Logs Server: 2 calls (1 failed)');
    expect(text()).toContain('  - Git Server: 1 call\n');
    expect(text()).toContain('  - Metrics Server: 0 calls');
  });

  it('uses ANSI only when asked, and prints nothing when quiet', () => {
    const coloured = capture(true);
    coloured.progress.step(2, 'x');
    expect(coloured.text()).toContain('\u001b[');
    const quiet = capture(false, true);
    quiet.progress.step(2, 'x');
    expect(quiet.text()).toBe('');
  });

  it('names servers and shortens long arguments', () => {
    expect(displayServerName('datadog')).toBe('Datadog Server');
    expect(formatArguments({ p: 'x'.repeat(500) }, 50)).toHaveLength(50);
  });
});
