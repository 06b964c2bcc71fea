import { describe, expect, it } from 'vitest';
import { compileUserPattern, findBacktrackingHazard } from '../../../src/core/regex.js';

describe('compileUserPattern', () => {
  it('is a literal, case-insensitive by default', () => {
    const p = compileUserPattern('pool exhausted');
    expect(p.regex).toBe(false);
    expect(p.test('Connection POOL EXHAUSTED: timeout')).toBe(true);
    expect(compileUserPattern('a.b', { regex: false }).test('axb')).toBe(false);
  });

  it('auto mode: regex syntax that compiles is a regex; otherwise literal', () => {
    expect(compileUserPattern('pool (exhausted|closed)').regex).toBe(true);
    expect(compileUserPattern('pool (exhausted|closed)').test('pool closed')).toBe(true);
    const broken = compileUserPattern('timeout (after');
    expect(broken.regex).toBe(false);
    expect(broken.test('a timeout (after 5s)')).toBe(true);
  });

  it('honours case_sensitive', () => {
    expect(compileUserPattern('Pool', { caseSensitive: true }).test('pool')).toBe(false);
  });

  it.each(['(a+)+$', '(a*)*', '(.*)*x', '(a|a)*', '(a|ab)+', '(\\w+\\s?)+$', '.*.*.*x', '(x+x+)+y', '(a)\\1'])('refuses %s', (src) => {
    expect(findBacktrackingHazard(src)).not.toBeNull();
    expect(() => compileUserPattern(src, { regex: true })).toThrow(/refused/);
  });

  it.each(['timeout after \\d+ms', '(foo|bar)+', 'pool (exhausted|closed)', '^\\S+ \\d{3}$', '.*error.*', '[a-z]+-\\d+'])('accepts %s', (src) => {
    expect(findBacktrackingHazard(src)).toBeNull();
  });

  it('an invalid regex names the engine error', () => {
    expect(() => compileUserPattern('a(b', { regex: true })).toThrow(/invalid regex: .*/);
  });

  it('tests only the first 8 KB of a long text', () => {
    const p = compileUserPattern('x$', { regex: true });
    expect(p.test('a'.repeat(20_000) + 'x')).toBe(false);
    expect(p.test('a'.repeat(100) + 'x')).toBe(true);
  });
});
