import { describe, expect, it } from 'vitest';
import { dataWarningsCheck, reachabilityChecks } from '../../src/servers/health-checks.js';
import { probeFailure } from '../../src/servers/traces/backends/probe.js';

describe('reachabilityChecks', () => {
  it('says whether a live backend is reachable, then what it made of our credentials', () => {
    const probe = { reachable: true, authenticated: false, version: null, detail: 'HTTP 401' };
    expect(reachabilityChecks('loki', probe)).toEqual([
      { name: 'loki reachable', ok: true, detail: 'HTTP 401' },
      { name: 'loki authenticated', ok: false, detail: 'credentials refused' },
    ]);
    expect(reachabilityChecks('prometheus', { ...probe, authenticated: null })[1]).toMatchObject({
      ok: true,
      detail: 'no credentials configured (none needed?)',
    });
    expect(reachabilityChecks('prometheus', { ...probe, reachable: false, detail: 'cannot reach x' })).toEqual([
      { name: 'prometheus reachable', ok: false, detail: 'cannot reach x' },
    ]);
  });
});

describe('probeFailure', () => {
  it('answers for an unreachable server (credentials out of the URL) and a refusal, and lets any other status through', () => {
    expect(probeFailure({ status: null, problem: 'ECONNREFUSED' }, 'http://u:secret@tempo:3200', '')).toEqual({
      reachable: false,
      authenticated: null,
      version: null,
      detail: 'cannot reach http://tempo:3200: ECONNREFUSED',
    });
    expect(probeFailure({ status: 403, problem: null }, 'http://tempo:3200', ': check TEMPO_AUTH_USER')).toMatchObject({
      reachable: true,
      authenticated: false,
      detail: 'HTTP 403: check TEMPO_AUTH_USER',
    });
    expect(probeFailure({ status: 200, problem: null }, 'http://tempo:3200', '')).toBeNull();
  });
});

describe('dataWarningsCheck', () => {
  it('fails naming the first five problems, and adds nothing for clean data', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ where: `f${i}.json`, message: 'bad' }));
    const [check] = dataWarningsCheck(problems);
    expect(check).toMatchObject({ name: 'data warnings', ok: false });
    expect(check.detail.split('; ')).toEqual([
      'f0.json: bad',
      'f1.json: bad',
      'f2.json: bad',
      'f3.json: bad',
      'f4.json: bad',
    ]);
    expect(dataWarningsCheck([])).toEqual([]);
  });
});
