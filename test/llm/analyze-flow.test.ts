// The CLI's analyze flow (runAnalysis) with a model configured, over real servers and a scripted Ollama.
import { describe, expect, it } from 'vitest';
import { runAnalysis, type AnalyzeOptions } from '../../src/cli/analyze.js';
import { startFakeOllama } from '../fakes/ollama.js';
import { scenario } from '../helpers/paths.js';

const DATA = scenario('checkout-db-pool');

describe('analyze --llm ollama through runAnalysis', () => {
  it("runs the engine, then the model; the report is the model's, grounded, with every call listed", async () => {
    const answer = JSON.stringify({
      rootCause: {
        summary: 'Connection pool exhaustion after v2.4.1',
        category: 'resource_exhaustion',
        service: 'checkout-api',
        deployment: 'v2.4.1',
        commit: null,
        dependency: null,
        confidence: 0.85,
      },
      hypotheses: [],
      onset: null,
      evidence: [{ source: 'logs', tool: 'search_logs', call: null, summary: 'pool exhausted errors', ref: null }],
      recommendations: ['Roll back checkout-api to v2.4.0'],
      narrative: 'checked',
    });
    const fake = await startFakeOllama([
      { toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
      { toolCalls: [{ name: 'get_deployments', args: {} }] },
      { text: answer },
    ]);
    const env = { OLLAMA_HOST: fake.url, OLLAMA_MODEL: 'qwen-e2e' };
    let err = '';
    const options: AnalyzeOptions = {
      incident: '500 errors on checkout API',
      source: { dataDir: DATA, env: {} },
      format: 'json',
      explain: false,
      llm: 'ollama',
      redact: true,
    };
    try {
      const { report, invalid } = await runAnalysis(options, {
        stdout: { write: () => true },
        stderr: { write: (s: string) => ((err += s), true) },
        env,
      });
      expect(invalid).toEqual([]);
      expect(report.analyst).toBe('llm:ollama/qwen-e2e');
      expect(report.rootCause.deployment).toBe('v2.4.1');
      const modelCalls = report.toolCalls.filter(
        (c) => c.tool === 'search_logs' && (c.arguments as { pattern?: string }).pattern === 'pool',
      );
      expect(modelCalls).toHaveLength(1);
      expect(report.evidence[0]?.call).toBe(report.toolCalls.lastIndexOf(modelCalls[0]!));
      expect(err).toContain('Ollama (qwen-e2e) analyzing with MCP tools');
      const chats = fake.chats();
      expect(chats).toHaveLength(3);
      expect(chats[0]!.body.messages[0].content).toContain('A statistical engine has already analyzed this incident');
    } finally {
      await fake.close();
    }
  });
});
