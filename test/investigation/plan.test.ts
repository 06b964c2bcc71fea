// Which analyst runs (auto resolved once, from the start-up configuration) and the one pipeline's report.
import { describe, expect, it } from 'vitest';
import { ANALYST_CHOICES, planAnalyst, planAnalystOrEngine } from '../../src/investigation/plan.js';
import { runInvestigation } from '../../src/investigation/run.js';
import { LLM_CHOICES, PROVIDER_KINDS } from '../../src/llm/config.js';
import { standardCaller } from '../llm/helpers.js';

describe('planAnalyst', () => {
  it('uses the engine for none and engine, and for auto with nothing configured', () => {
    expect(planAnalyst('none', { OPENAI_API_KEY: 'k', OPENAI_MODEL: 'm' }).kind).toBe('engine');
    expect(planAnalyst('engine', { OPENAI_API_KEY: 'k', OPENAI_MODEL: 'm' }).kind).toBe('engine');
    expect(planAnalyst('auto', {})).toEqual({ kind: 'engine', label: 'Engine' });
  });

  it('resolves auto to the first configured provider, in the one provider order', () => {
    const plan = planAnalyst('auto', { OPENAI_API_KEY: 'k', OPENAI_MODEL: 'gpt-x', OLLAMA_MODEL: 'qwen' });
    expect(plan.kind === 'llm' && plan.config.kind).toBe('ollama');
    expect(plan.label).toBe('Ollama (qwen)');
    const openai = planAnalyst('auto', { OPENAI_API_KEY: 'k', OPENAI_MODEL: 'gpt-x' });
    expect(openai.label).toBe('OpenAI-compatible model (gpt-x)');
    expect(planAnalyst('anthropic', { ANTHROPIC_API_KEY: 'k' }, 'claude-x').label).toBe('Anthropic (claude-x)');
  });

  it('names the missing setting for a model that cannot work; the service variant falls back to the engine', () => {
    expect(() => planAnalyst('auto', { ANTHROPIC_API_KEY: 'k' })).toThrow(/--llm anthropic needs a model/);
    expect(() => planAnalyst('openai', {})).toThrow(/--llm openai needs a model/);
    const plan = planAnalystOrEngine('auto', { ANTHROPIC_API_KEY: 'k' });
    expect(plan.kind).toBe('engine');
    expect(plan.kind === 'engine' && plan.failure?.provider).toBe('auto');
  });

  it('spells the providers once: the CLI and the service choices derive from them', () => {
    expect(LLM_CHOICES).toEqual(['auto', 'none', ...PROVIDER_KINDS]);
    expect(ANALYST_CHOICES).toEqual(['engine', ...LLM_CHOICES]);
  });
});

describe('runInvestigation', () => {
  it('returns the report with every recorded call and its own duration', async () => {
    const caller = standardCaller();
    const steps: string[] = [];
    const { report } = await runInvestigation(caller, {
      incident: '500 errors on checkout API',
      plan: planAnalyst('none', {}),
      onStep: (m) => steps.push(m),
    });
    expect(report.analyst).toBe('engine');
    expect(caller.calls.length).toBeGreaterThan(0);
    expect(report.toolCalls).toEqual(caller.calls);
    expect(report.toolCalls[0]).not.toBe(caller.calls[0]);
    expect(typeof report.durationMs).toBe('number');
    expect(steps.some((s) => s.startsWith('Warning'))).toBe(false);
  });

  it('says in the report and the progress why a model asked for could not run', async () => {
    const steps: string[] = [];
    const { report } = await runInvestigation(standardCaller(), {
      incident: '500 errors',
      plan: planAnalystOrEngine('auto', { ANTHROPIC_API_KEY: 'sk-ant-secret' }),
      onStep: (m) => steps.push(m),
    });
    const warning =
      "the LLM investigator (auto) failed, so this is the engine's analysis: --llm anthropic needs a model; pass --model NAME or set ANTHROPIC_MODEL (e.g. claude-sonnet-4-5)";
    expect(report.warnings).toContain(warning);
    expect(steps).toContain(`Warning: ${warning}`);
  });

  it('keeps the engine report when the model fails, with the calls of both', async () => {
    const caller = standardCaller();
    const down = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const plan = planAnalyst('openai', { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'm' });
    const { report } = await runInvestigation(caller, { incident: '500 errors', plan, fetch: down });
    expect(report.analyst).toBe('engine');
    expect(report.warnings?.join('\n')).toMatch(
      /\(openai\/m\) failed.*cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
    expect(report.toolCalls).toEqual(caller.calls);
  });
});
