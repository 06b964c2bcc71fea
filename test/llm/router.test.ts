// The analyst over the real MCP router and real server subprocesses, with a scripted Ollama.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolRouter } from '../../src/client/router.js';
import { startServers } from '../../src/client/start.js';
import { runLlmAnalyst } from '../../src/llm/analyst.js';
import { resolveProvider } from '../../src/llm/config.js';
import { startFakeOllama } from '../fakes/ollama.js';
import { engineResult } from './helpers.js';
import { scenario } from '../helpers/paths.js';

const DATA = scenario('checkout-db-pool');
let router: ToolRouter;

beforeAll(async () => {
  router = await startServers({ source: { dataDir: DATA, env: {} }, servers: ['logs', 'git', 'metrics'] });
});
afterAll(async () => {
  await router?.close();
});

describe('LLM analyst over the MCP router', () => {
  it('routes each model call to its server, feeds the results back and grounds v2.4.1 against the git server', async () => {
    const answer = JSON.stringify({
      rootCause: {
        summary: 'pool exhaustion after v2.4.1',
        category: 'resource_exhaustion',
        service: 'checkout-api',
        deployment: 'v2.4.1',
        commit: null,
        dependency: null,
        confidence: 0.8,
      },
      hypotheses: [
        {
          summary: 'invented release',
          category: 'code_bug',
          service: 'checkout-api',
          deployment: 'v9.9.9',
          commit: null,
          dependency: null,
          confidence: 0.4,
        },
      ],
      onset: null,
      evidence: [
        {
          source: 'deployments',
          tool: 'get_deployments',
          call: 1,
          summary: 'v2.4.1 deployed before the onset',
          ref: null,
        },
      ],
      recommendations: ['Roll back'],
      narrative: 'n',
    });
    const fake = await startFakeOllama([
      {
        toolCalls: [
          { name: 'search_logs', args: { pattern: 'pool' } },
          { name: 'get_deployments', args: {} },
        ],
      },
      { text: answer },
    ]);
    try {
      const report = await runLlmAnalyst({
        incident: '500 errors on checkout API',
        caller: router,
        engine: engineResult(),
        redact: true,
        config: resolveProvider({ OLLAMA_HOST: fake.url, OLLAMA_MODEL: 'm' }, 'ollama')!,
        onProgress: () => {},
      });
      const offered = fake.chats()[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name);
      expect(offered).toEqual(
        expect.arrayContaining([
          'search_logs',
          'read_logs',
          'get_deployments',
          'get_recent_commits',
          'search_commits',
          'get_metrics',
          'get_anomalies',
          'get_error_rates',
        ]),
      );
      expect(router.calls.slice(0, 2).map((c) => [c.server, c.tool, c.ok])).toEqual([
        ['logs', 'search_logs', true],
        ['git', 'get_deployments', true],
      ]);
      const tools = fake
        .chats()[1]!
        .body.messages.filter((m: { role: string }) => m.role === 'tool')
        .map((m: { content: string }) => m.content)
        .join('\n');
      expect(tools).toContain('[call 0]');
      expect(tools).toContain('v2.4.1');
      expect(report?.rootCause.deployment).toBe('v2.4.1');
      expect(report?.hypotheses[1]?.deployment).toBeNull();
      expect(report?.warnings?.join('\n')).toMatch(/deployment v9\.9\.9.*does not know/);
      expect(report?.evidence).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
