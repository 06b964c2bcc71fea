// The web app's formatters: how long a run took, and which analyst "auto" turned out to be.
import { describe, expect, it } from 'vitest';
import { describeAnalyst, formatDuration, runDuration } from '../../src/web/client/format.js';

describe('runDuration and formatDuration', () => {
  it('measures a finished run, a running one up to now, and nothing for a queued one', () => {
    expect(runDuration('2025-01-15T14:00:00Z', '2025-01-15T14:00:04.250Z', 0)).toBe(4250);
    expect(runDuration('2025-01-15T14:00:00Z', null, Date.parse('2025-01-15T14:01:00Z'))).toBe(60_000);
    expect(runDuration(null, null, 0)).toBeNull();
    expect(runDuration('garbage', null, 0)).toBeNull();
  });

  it('uses the unit a person would', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4250)).toBe('4.3 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 min');
  });
});

describe('describeAnalyst', () => {
  it('names the engine and the model plainly', () => {
    expect(describeAnalyst('engine')).toBe('correlation engine');
    expect(describeAnalyst('llm:ollama/qwen3-coder-next')).toBe('ollama/qwen3-coder-next');
    expect(describeAnalyst('engine (the LLM is misconfigured: x)')).toBe(
      'correlation engine (the LLM is misconfigured: x)',
    );
  });
});
