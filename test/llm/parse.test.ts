import { describe, expect, it } from 'vitest';
import { readAnswer } from '../../src/llm/answer.js';
import { extractJsonObject } from '../../src/llm/parse.js';

describe('extractJsonObject', () => {
  it('reads a bare object', () => {
    expect(extractJsonObject('{"a": 1}')).toEqual({ a: 1 });
  });
  it('reads a fenced block amid prose', () => {
    expect(extractJsonObject('Here is my analysis:\n```json\n{"a": {"b": [1, 2]}}\n```\nHope it helps.')).toEqual({
      a: { b: [1, 2] },
    });
  });
  it('repairs trailing commas, outside strings only', () => {
    expect(extractJsonObject('{"a": [1, 2,], "s": "x,]",}')).toEqual({ a: [1, 2], s: 'x,]' });
  });
  it('finds the object in prose without a fence, braces in strings included', () => {
    expect(extractJsonObject('The answer is {"summary": "pool {exhausted}", "n": 2} as shown.')).toEqual({
      summary: 'pool {exhausted}',
      n: 2,
    });
  });
  it('skips a thinking block', () => {
    expect(extractJsonObject('<think>maybe {"wrong": true}</think>{"right": true}')).toEqual({ right: true });
  });
  it('gives null for prose without JSON', () => {
    expect(extractJsonObject('The root cause is the pool.')).toBeNull();
  });
});

describe('readAnswer', () => {
  it('accepts loose spellings: category words, percent confidence, a string hypothesis', () => {
    const a = readAnswer(
      {
        root_cause: { summary: 'pool', category: 'Resource Exhaustion', confidence: 85, version: 'v2' },
        hypotheses: ['other idea'],
        recommendations: ['a', { action: 'b' }],
      },
      'code_bug',
    );
    expect(a?.rootCause).toMatchObject({ category: 'resource_exhaustion', confidence: 0.85, deployment: 'v2' });
    expect(a?.hypotheses.map((h) => h.summary)).toEqual(['pool', 'other idea']);
    expect(a?.recommendations).toEqual(['a', 'b']);
  });
  it('falls back to the given category for an unknown one, and gives null without a root cause', () => {
    expect(readAnswer({ rootCause: { summary: 'x', category: 'gremlins' } }, 'database')?.rootCause.category).toBe(
      'database',
    );
    expect(readAnswer({ narrative: 'no idea' }, 'database')).toBeNull();
  });
});
