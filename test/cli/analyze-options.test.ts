import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport, resolveIncident, toAnalyzeOptions, validateReport } from '../../src/cli/analyze.js';
import { SAMPLE_DATA_DIR } from '../../src/cli/options.js';
import { PilotError } from '../../src/core/errors.js';
import { makeReport } from '../report/fixture.js';

const base = { llm: 'auto', redact: true };

describe('toAnalyzeOptions', () => {
  it('falls back to the bundled sample and its incident.txt', () => {
    const o = toAnalyzeOptions(undefined, { ...base }, {});
    expect(o.source.dataDir).toBe(SAMPLE_DATA_DIR);
    expect(o.incident).toBe('500 errors on checkout API');
    expect(o.format).toBe('terminal');
  });

  it('reads the flags into one options object', () => {
    const o = toAnalyzeOptions(
      'db down',
      {
        ...base,
        json: true,
        servers: 'logs, git',
        since: '3h',
        until: '2030-01-01T00:00:00Z',
        llm: 'none',
        model: 'm',
        redact: false,
        transcript: 't.jsonl',
        explain: true,
      },
      {},
    );
    expect(o).toMatchObject({
      incident: 'db down',
      format: 'json',
      servers: ['logs', 'git'],
      since: '3h',
      until: '2030-01-01T00:00:00Z',
      llm: 'none',
      model: 'm',
      redact: false,
      transcriptFile: 't.jsonl',
      explain: true,
    });
    expect(o.source.until).toBe('2030-01-01T00:00:00Z');
    expect(toAnalyzeOptions('x', { ...base, markdown: true }, {}).format).toBe('markdown');
  });

  it('rejects bad usage with a usage error naming the argument', () => {
    const usage = (fn: () => unknown, text: RegExp) => {
      try {
        fn();
        expect.fail('expected a usage error');
      } catch (err) {
        expect(err).toBeInstanceOf(PilotError);
        expect((err as PilotError).code).toBe('usage');
        expect((err as Error).message).toMatch(text);
      }
    };
    usage(
      () => toAnalyzeOptions('x', { ...base, data: '/nope/not-here' }, {}),
      /--data \/nope\/not-here: no such directory/,
    );
    usage(() => toAnalyzeOptions('x', { ...base, json: true, markdown: true }, {}), /--json and --markdown/);
    usage(() => toAnalyzeOptions('x', { ...base, llm: 'gpt' }, {}), /--llm gpt/);
    usage(() => toAnalyzeOptions('x', { ...base, servers: ' , ' }, {}), /--servers/);
    usage(
      () => toAnalyzeOptions('x', { ...base, transcript: '/nope/not-here/t.jsonl' }, {}),
      /--transcript \/nope\/not-here\/t.jsonl: no such directory/,
    );
  });
});

describe('resolveIncident', () => {
  it('prefers the argument, else the first non-empty line of incident.txt, else fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-inc-'));
    expect(() => resolveIncident(undefined, dir)).toThrow(/no incident given/);
    writeFileSync(join(dir, 'incident.txt'), '\n  disk is full  \nsecond line\n');
    expect(resolveIncident(undefined, dir)).toBe('disk is full');
    expect(resolveIncident('  given ', dir)).toBe('given');
  });
});

describe('renderReport and validateReport', () => {
  it('prints exactly one JSON object for json, Markdown for markdown', () => {
    const json = renderReport(makeReport(), 'json', false);
    expect(JSON.parse(json).incident).toBe('errors on svc-a');
    expect(renderReport(makeReport(), 'markdown', false)).toMatch(/^# Incident analysis/);
    expect(renderReport(makeReport(), 'terminal', false)).toContain('ROOT CAUSE ANALYSIS');
  });

  it('names what breaks the contract', () => {
    expect(validateReport(makeReport())).toEqual([]);
    const bad = makeReport({ rootCause: { ...makeReport().rootCause, confidence: 3 } });
    expect(validateReport(bad).join()).toMatch(/rootCause\.confidence/);
  });
});
