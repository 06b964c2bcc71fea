import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/engine/tokens.js';

describe('tokenize', () => {
  it('splits identifiers, stems, and drops stopwords, numbers and hashes', () => {
    const t = tokenize('holdsTxConnection during pool_max=35 for deadbeefcafe1234 connections');
    expect(t).toContain('hold');
    expect(t).toContain('connect');
    expect(t).toContain('pool');
    expect(t).not.toContain('35');
    expect(t).not.toContain('for');
    expect(t.some((x) => x.startsWith('deadbeef'))).toBe(false);
  });
});
