// User patterns: literals, RE2-semantics regexes matched in linear time, and clear errors for backtracking-only syntax.
import { describe, expect, it } from 'vitest';
import { compileUserPattern, findRequiredLiteral, findUnsupportedFeature } from '../../../src/core/regex.js';

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
    expect(compileUserPattern('P(o)+l', { caseSensitive: true }).test('pool')).toBe(false);
    expect(compileUserPattern('P(o)+l').test('pool')).toBe(true);
  });

  it.each([
    ['(?:.*)(?:.*)(?:.*)(?:.*)(?:.*)(?:.*)Z'],
    ['.*x*.*x*.*x*.*x*.*Z'],
    ['(a+)+$'],
    ['(a|a)*b'],
    ['(x+x+)+y'],
    ['(\\w+\\s?)+$'],
  ])('matches %s in linear time on a hostile 8 KB line', (src) => {
    const p = compileUserPattern(src, { regex: true });
    expect(p.regex).toBe(true);
    const started = performance.now();
    for (const text of ['x'.repeat(8000), 'a'.repeat(8000) + '!', 'x '.repeat(4000) + '!']) p.test(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps the usual JavaScript syntax: classes, groups, named groups, \\u escapes, [^]', () => {
    expect(compileUserPattern('timeout after \\d+ms', { regex: true }).test('timeout after 5000ms')).toBe(true);
    expect(compileUserPattern('(?<code>5\\d\\d) error', { regex: true }).test('got 503 error')).toBe(true);
    expect(compileUserPattern('\\u0041BC', { regex: true, caseSensitive: true }).test('xABC')).toBe(true);
    expect(compileUserPattern('a[^]b', { regex: true }).test('a\nb')).toBe(true);
    expect(compileUserPattern('^\\S+ \\d{3}$', { regex: true }).test('GET 500')).toBe(true);
  });

  it.each([
    ['(?=a)b', 'lookahead'],
    ['a(?!b)', 'negative lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'negative lookbehind'],
    ['(a)\\1', 'backreferences'],
    ['(?<x>a)\\k<x>', 'named backreferences'],
    ['a++b', 'possessive'],
  ])('refuses %s naming %s', (src, feature) => {
    expect(findUnsupportedFeature(src)).toContain(feature);
    expect(() => compileUserPattern(src, { regex: true })).toThrow(new RegExp(`uses ${feature}.*RE2`));
    // Auto mode too: the user plainly wrote a regex, so a literal search would silently find nothing.
    if (src !== 'a++b') expect(() => compileUserPattern(src)).toThrow(/RE2/);
  });

  it('an invalid regex names the engine error', () => {
    expect(() => compileUserPattern('a(b', { regex: true })).toThrow(
      /invalid regex \(RE2 syntax\): .*missing closing \)/,
    );
  });

  it('tests only the first 8 KB of a long text', () => {
    const p = compileUserPattern('x$', { regex: true });
    expect(p.test('a'.repeat(20_000) + 'x')).toBe(false);
    expect(p.test('a'.repeat(100) + 'x')).toBe(true);
  });
});

describe('findRequiredLiteral (the native prefilter before re2js)', () => {
  it.each([
    ['timeout after \\d+ms', 'timeout after '],
    ['pool (exhausted|closed)', 'pool '],
    ['(exhausted|closed) \\(timeout', ' (timeout'],
    ['abc{2}def', 'def'],
    ['ab{2,3}x', 'a'],
    ['conn(ection)? refused', ' refused'],
    ['errors?: 5\\d\\d', 'error'],
    ['\\u0041BC.\\x41ab\\pLxyz', 'xyz'],
    ['[[:alpha:]]+ failed', ' failed'],
    ['\\/api\\/v1\\/orders', '/api/v1/orders'],
    ['x{y}z', 'x'],
  ])('%s requires %j', (src, literal) => {
    const got = findRequiredLiteral(src);
    if (literal.length < 3) expect(got).toBeNull();
    else expect(got).toBe(literal);
  });

  it.each(['a|bcd', 'foo|bar baz', '\\Qa.b\\E', '.*', '\\d+\\s\\w+', 'ab?'])('%s has none', (src) => {
    expect(findRequiredLiteral(src)).toBeNull();
  });

  it('never changes what matches', () => {
    const texts = [
      'Timeout after 50ms',
      'timeout after ms',
      'pool closed',
      'POOL EXHAUSTED',
      'abccdef',
      'x{y}z',
      'connection refused',
      'conn refused',
      'error: 503',
      'errors: 5xx',
      'disk failed',
      '/api/v1/orders',
      'KELVIN \u212a',
      'straße',
    ];
    // Each pattern with an equivalent JavaScript regex as the oracle ('u' folds case as RE2 does).
    const patterns: Array<[string, string]> = [
      ['timeout after \\d+ms', 'timeout after \\d+ms'],
      ['pool (exhausted|closed)', 'pool (exhausted|closed)'],
      ['abc{2}def', 'abc{2}def'],
      ['x{y}z', 'x\\{y\\}z'],
      ['conn(ection)? refused', 'conn(ection)? refused'],
      ['errors?: 5\\d\\d', 'errors?: 5\\d\\d'],
      ['[[:alpha:]]+ failed', '[A-Za-z]+ failed'],
      ['\\/api\\/v1\\/orders', '\\/api\\/v1\\/orders'],
      ['kelvin k', 'kelvin k'],
      ['STRASSE|straße', 'STRASSE|straße'],
    ];
    for (const [p, oracle] of patterns) {
      for (const caseSensitive of [false, true]) {
        const re = new RegExp(oracle, caseSensitive ? 'u' : 'iu');
        for (const t of texts)
          expect(compileUserPattern(p, { regex: true, caseSensitive }).test(t), `${p} on ${t}`).toBe(re.test(t));
      }
    }
  });
});
