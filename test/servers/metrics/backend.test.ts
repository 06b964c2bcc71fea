import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileMetricsBackend } from '../../../src/servers/metrics/backends/file.js';
import { parsePrometheusResponse } from '../../../src/servers/metrics/backends/prometheus-json.js';
import { matrix, T0, writeMetricsDir } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('parsePrometheusResponse', () => {
  it('reads a matrix, drops NaN/Inf samples, and names series from __name__ or the file', () => {
    const text = matrix([
      {
        metric: { __name__: 'http_error_ratio', service: 'api' },
        values: [
          [T0, '0.1'],
          [T0 + 60, 'NaN'],
          [T0 + 120, '+Inf'],
          [T0 + 180, '0.3'],
        ],
      },
      {
        metric: { service: 'web' },
        values: [
          [T0 + 60, '2'],
          [T0, '1'],
        ],
      },
    ]);
    const { series, warnings } = parsePrometheusResponse(text, 'metrics/x.json', 'from_file');
    expect(warnings).toEqual([]);
    expect(series).toEqual([
      {
        name: 'http_error_ratio',
        labels: { service: 'api' },
        points: [
          [T0, 0.1],
          [T0 + 180, 0.3],
        ],
      },
      {
        name: 'from_file',
        labels: { service: 'web' },
        points: [
          [T0, 1],
          [T0 + 60, 2],
        ],
      },
    ]);
  });

  it('accepts a vector response', () => {
    const text = JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'api' }, value: [T0, '1'] }] },
    });
    expect(parsePrometheusResponse(text, 'f', 'x').series).toEqual([
      { name: 'up', labels: { job: 'api' }, points: [[T0, 1]] },
    ]);
  });

  it('reports malformed files and samples with the file and the reason', () => {
    expect(parsePrometheusResponse('{"status":"success","data":', 'metrics/a.json', 'a').warnings[0]).toMatchObject({
      where: 'metrics/a.json',
      message: expect.stringMatching(/not valid JSON.*file skipped/),
    });
    expect(
      parsePrometheusResponse(
        '{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}',
        'metrics/b.json',
        'b',
      ).warnings[0].message,
    ).toMatch(/resultType "scalar"/);
    expect(
      parsePrometheusResponse('{"status":"error","error":"bad query"}', 'metrics/c.json', 'c').warnings[0].message,
    ).toMatch(/status is "error": bad query/);
    const partial = parsePrometheusResponse(
      matrix([
        {
          metric: { __name__: 'm' },
          values: [
            [T0, '1'],
            [T0 + 60, 'abc'],
            [T0 + 120, '3'],
          ],
        },
      ]),
      'metrics/d.json',
      'd',
    );
    expect(partial.series[0].points).toEqual([
      [T0, 1],
      [T0 + 120, 3],
    ]);
    expect(partial.warnings).toEqual([{ where: 'metrics/d.json result[0]', message: '1 malformed samples skipped' }]);
  });
});

describe('file metrics backend', () => {
  it('loads every file, skips a malformed one with a warning, and filters by name, labels and range', async () => {
    const dir = writeMetricsDir({
      'cpu.json': matrix([
        { metric: { __name__: 'cpu', service: 'api', env: 'prod' }, values: [1, 2, 3, 4] },
        { metric: { __name__: 'cpu', service: 'web', env: 'prod' }, values: [5, 6] },
      ]),
      'broken.json': 'this is not json',
      'notes.txt': 'ignored',
    });
    dirs.push(dir);
    const backend = await openFileMetricsBackend(join(dir, 'metrics'));
    expect(backend.warnings()).toHaveLength(1);
    expect(backend.warnings()[0].where).toBe('metrics/broken.json');
    expect(await backend.extent()).toEqual({ from: T0 * 1000, to: (T0 + 180) * 1000 });
    const range = { from: (T0 + 60) * 1000, to: (T0 + 180) * 1000 };
    expect(await backend.listSeries({}, range)).toHaveLength(2);
    const api = await backend.fetch({ name: 'cpu', labels: { service: 'api' } }, range);
    expect(api).toEqual([
      {
        name: 'cpu',
        labels: { service: 'api', env: 'prod' },
        points: [
          [T0 + 60, 2],
          [T0 + 120, 3],
        ],
      },
    ]);
    expect(await backend.fetch({ name: 'cpu' }, { from: (T0 + 120) * 1000, to: (T0 + 600) * 1000 })).toHaveLength(1);
    const health = await backend.health();
    expect(health[0]).toMatchObject({ ok: true, detail: '2 files, 1 metrics, 2 series' });
    expect(health[1]).toMatchObject({ name: 'data warnings', ok: false });
  });
});
