// The CLI (in process) with bad time flags: exit 2 and one line naming the flag, never a "No active fault" report.
// A UTC offset and a relative --until are read as the user meant them.
import { describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { SAMPLE } from '../helpers/paths.js';

/** `analyze` of the sample with the engine, and these flags. */
const analyzeSample = (...flags: readonly string[]) =>
  runCli(['analyze', '500 errors on checkout API', '--llm', 'none', '--data', SAMPLE, ...flags]);

describe('analyze --since/--until', () => {
  for (const [args, flag] of [
    [['--since', 'foo'], '--since'],
    [['--until', 'bogus'], '--until'],
    [['--since', '2025-01-15T15:00:00Z', '--until', '2025-01-15T14:00:00Z'], '--since'],
  ] as const) {
    it(`${args.join(' ')}: exit 2 naming ${flag}, no report`, async () => {
      const run = await analyzeSample(...args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^incident-pilot: ${flag}`, 'm'));
      expect(run.stderr).not.toMatch(/No active fault|Starting \d+ MCP server/);
    });
  }

  it('reads UTC offsets, and counts a relative --until back from the end of the data once', async () => {
    const offset = await analyzeSample(
      '--json',
      '--since',
      '2025-01-15T09:00:00-05:00',
      '--until',
      '2025-01-15T16:30:00+01:00',
    );
    expect(offset.code, offset.stderr).toBe(0);
    const a = JSON.parse(offset.stdout);
    expect([Date.parse(a.window.from), Date.parse(a.window.to)]).toEqual([
      Date.parse('2025-01-15T14:00:00Z'),
      Date.parse('2025-01-15T15:30:00Z'),
    ]);
    expect(a.rootCause.deployment).toBe('v2.4.1');

    // The sample's data ends at 15:30Z: --until 1h is 14:30Z, not 13:30Z.
    const relative = await analyzeSample('--json', '--until', '1h');
    expect(relative.code, relative.stderr).toBe(0);
    const b = JSON.parse(relative.stdout);
    expect(Math.abs(Date.parse(b.window.to) - Date.parse('2025-01-15T14:30:00Z'))).toBeLessThan(1000);
  });
});
