// OTLP/JSON reading: attribute value kinds, nano timestamps as strings or numbers, status codes, Tempo's base64 ids.
import { describe, expect, it } from 'vitest';
import { parseOtlpDocument, nanosToMs } from '../../../src/servers/traces/otlp.js';
import { normaliseId } from '../../../src/servers/traces/ids.js';

describe('parseOtlpDocument', () => {
  it('reads spans with every attribute kind and status code', () => {
    const doc = {
      batches: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          instrumentationLibrarySpans: [
            {
              spans: [
                {
                  traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'),
                  spanId: 'b7ad6b7169203331',
                  name: 'GET /x',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: 1736952300000000000,
                  endTimeUnixNano: '1736952300250000000',
                  status: { code: 'STATUS_CODE_ERROR' },
                  attributes: [
                    { key: 's', value: { stringValue: 'v' } },
                    { key: 'i', value: { intValue: '42' } },
                    { key: 'b', value: { boolValue: true } },
                    { key: 'd', value: { doubleValue: 1.5 } },
                  ],
                  events: [
                    { name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }] },
                  ],
                },
                { name: 'no ids' },
              ],
            },
          ],
        },
      ],
    };
    const { spans, problems } = parseOtlpDocument(doc);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      service: 'api',
      kind: 'server',
      status: 'error',
      statusMessage: 'boom',
      durationMs: 250,
      attributes: { s: 'v', i: 42, b: true, d: 1.5 },
    });
    expect(problems[0]).toMatch(/no ids/);
  });

  it('says what is wrong with a document that is not OTLP', () => {
    expect(parseOtlpDocument({ foo: 1 }).problems).toEqual(['no resourceSpans (or batches) array']);
  });

  it('converts nanos and ids', () => {
    expect(nanosToMs('1736952300123456789')).toBeCloseTo(1736952300123.456, 3);
    expect(normaliseId('0AF7651916CD43DD8448EB211C80319C')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(normaliseId(Buffer.from('b7ad6b7169203331', 'hex').toString('base64'))).toBe('b7ad6b7169203331');
  });
});
