import { describe, expect, it } from 'vitest';
import { isConfigPath, isDocsOrTestPath, scoreCategories, topCategory } from '../../src/engine/category.js';

const top = (text: string) => topCategory(scoreCategories([{ text, weight: 1 }]))?.category;

describe('categories', () => {
  it('reads the category from error text', () => {
    expect(top('Connection pool exhausted: timeout acquiring connection')).toBe('resource_exhaustion');
    expect(top('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')).toBe(
      'memory_leak',
    );
    expect(top('canceling statement due to statement timeout')).toBe('database');
    expect(top('write failed: No space left on device')).toBe('disk_full');
    expect(top('x509: certificate has expired')).toBe('certificate_expiry');
    expect(top('java.lang.NullPointerException at Foo.bar')).toBe('code_bug');
  });

  it('tells config, docs and test paths apart', () => {
    expect(isConfigPath('services/a/config/production.yaml')).toBe(true);
    expect(isConfigPath('services/a/src/app.ts')).toBe(false);
    expect(isDocsOrTestPath('services/a/README.md')).toBe(true);
    expect(isDocsOrTestPath('services/a/src/app.test.ts')).toBe(true);
    expect(isDocsOrTestPath('services/a/src/app.ts')).toBe(false);
  });
});
