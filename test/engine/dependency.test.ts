import { describe, expect, it } from 'vitest';
import { dependencyInMessage } from '../../src/engine/dependency.js';
import { hasClass } from '../../src/engine/vocabulary.js';

describe('dependencyInMessage', () => {
  it('names the host of an expired certificate', () => {
    const msg = 'x509: certificate has expired or is not yet valid for host api.partner.example';
    expect(dependencyInMessage(msg)).toEqual({ name: 'api.partner.example', kind: 'certificate' });
    expect(hasClass(msg, 'certificate')).toBe(true);
  });

  it('names refused connections, DNS failures and down upstreams', () => {
    expect(dependencyInMessage('connect ECONNREFUSED cache.internal:6379')?.name).toBe('cache.internal');
    expect(dependencyInMessage('lookup db.example.com: no such host')).toEqual({ name: 'db.example.com', kind: 'dns' });
    expect(dependencyInMessage('upstream geo-api unavailable')?.name).toBe('geo-api');
  });

  it('keeps a bare IP only as a fallback and ignores plain errors', () => {
    expect(dependencyInMessage('connect ECONNREFUSED 10.1.2.3:8080')?.name).toBe('10.1.2.3');
    expect(dependencyInMessage('NullPointerException in handler')).toBeNull();
  });
});
