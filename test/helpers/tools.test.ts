// The server-tool gate: a missing server skips its suite with a reason locally, and fails it in CI.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { missingTools, needsTitle, onPath, reportMissing } from './tools.js';
import { REPO, SHARED, SHARED_SCENARIOS, sharedPath } from './paths.js';

describe('server tools', () => {
  it('finds an executable on PATH and not a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-path-'));
    writeFileSync(join(dir, 'fake-prometheus'), '#!/bin/sh\n', { mode: 0o755 });
    expect(onPath('fake-prometheus', dir)).toBe(join(dir, 'fake-prometheus'));
    expect(onPath('fake-prometheus', '/nonexistent')).toBeUndefined();
  });

  it('skips with a warning naming what to install when CI_REQUIRE_SERVERS is not set', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(reportMissing('x.test.ts', ['prometheus-nowhere'], ['prometheus'], {})).toEqual(['prometheus-nowhere']);
      expect(warn.mock.calls[0][0]).toMatch(
        /x\.test\.ts: needs prometheus-nowhere, not installed \(apt-get install -y prometheus\): skipped/,
      );
    } finally {
      warn.mockRestore();
    }
    expect(needsTitle(['chromium'], 'HTML report')).toBe('needs chromium: HTML report');
    expect(needsTitle([], 'HTML report')).toBe('HTML report');
  });

  it('throws instead of skipping under CI_REQUIRE_SERVERS=1, and says nothing when all is there', () => {
    expect(() => reportMissing('x.test.ts', ['chromium'], ['chromium'], { CI_REQUIRE_SERVERS: '1' })).toThrow(
      /x\.test\.ts: needs chromium.*CI_REQUIRE_SERVERS=1 forbids skipping it/,
    );
    expect(reportMissing('x.test.ts', [], [], { CI_REQUIRE_SERVERS: '1' })).toEqual([]);
  });

  it('fails a suite that needs a binary missing from PATH when CI_REQUIRE_SERVERS=1, and skips it otherwise', () => {
    // An empty PATH hides Prometheus whatever this machine has installed; the env is the process's own, as in CI.
    vi.stubEnv('PATH', '/nonexistent');
    vi.stubEnv('CI_REQUIRE_SERVERS', '1');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(() => missingTools('probe.test.ts', ['prometheus'])).toThrow(
        /probe\.test\.ts: needs prometheus, not installed \(apt-get install -y prometheus\); CI_REQUIRE_SERVERS=1 forbids skipping it/,
      );
      vi.stubEnv('CI_REQUIRE_SERVERS', '');
      expect(missingTools('probe.test.ts', ['prometheus', 'alertmanager'])).toEqual(['prometheus', 'alertmanager']);
      expect(warn.mock.calls[0][0]).toMatch(/apt-get install -y prometheus prometheus-alertmanager\): skipped/);
    } finally {
      warn.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it('asks for nothing missing when the list is empty', () => {
    expect(missingTools('x.test.ts', [], { CI_REQUIRE_SERVERS: '1' })).toEqual([]);
  });
});

describe('shared data path', () => {
  it('is ../shared beside the repository unless INCIDENT_PILOT_SHARED says otherwise', () => {
    const expected = process.env.INCIDENT_PILOT_SHARED || join(REPO, '..', 'shared');
    expect(SHARED).toBe(join(expected));
    expect(SHARED_SCENARIOS).toBe(join(SHARED, 'scenarios'));
    expect(sharedPath('datasets', 'nab')).toBe(join(SHARED, 'datasets', 'nab'));
  });

  // The suites over the scenarios and datasets skip when the folder is missing; CI has it, so none may skip there.
  it.runIf(process.env.CI_REQUIRE_SERVERS === '1')('holds the scenarios and the datasets in CI', () => {
    for (const path of [SHARED_SCENARIOS, sharedPath('datasets', 'loghub'), sharedPath('datasets', 'nab')])
      expect(existsSync(path), path).toBe(true);
  });

  it('follows INCIDENT_PILOT_SHARED in a fresh module load', async () => {
    vi.stubEnv('INCIDENT_PILOT_SHARED', '/elsewhere/shared');
    vi.resetModules();
    try {
      const fresh = await import('./paths.js');
      expect(fresh.SHARED_SCENARIOS).toBe('/elsewhere/shared/scenarios');
    } finally {
      vi.unstubAllEnvs();
      // Files share a worker's module cache (isolate: false): the next file must not get this module.
      vi.resetModules();
    }
  });
});
