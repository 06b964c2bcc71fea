// Every tool's input and output schema is portable JSON Schema: no draft-specific keyword, and both the SDK 1.x
// validator (Ajv, draft-07) and the SDK 2.x one (Ajv 2020-12) compile it and judge a tuple-holding result alike.
import { AjvJsonSchemaValidator as V2Validator } from '@modelcontextprotocol/client/validators/ajv';
import { AjvJsonSchemaValidator as V1Validator } from '@modelcontextprotocol/sdk/validation/ajv';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { findDraftSpecific, makePortable, toPortableSchema } from '../../src/mcp/json-schema.js';
import { SERVERS } from '../../src/servers/registry.js';
import type { SourceOptions } from '../../src/servers/types.js';
import { connectTools } from '../helpers/mcp-pair.js';
import { toOtlpResourceSpans } from '../fakes/tempo.js';
import { incidentSpans } from '../servers/traces/fixture.js';
import { scenario } from '../helpers/paths.js';

const SCENARIO = scenario('inventory-oom');
const v1 = new V1Validator();
const v2 = new V2Validator();

function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ip-schemas-'));
  cpSync(SCENARIO, dir, { recursive: true });
  mkdirSync(join(dir, 'traces'));
  writeFileSync(
    join(dir, 'traces', 'incident.json'),
    JSON.stringify({ resourceSpans: toOtlpResourceSpans(incidentSpans) }),
  );
  return dir;
}

/**
 * Every tool of every server, in the configurations that add tools: file bundle, writes on, live Prometheus and Loki.
 */
async function listAllTools(): Promise<
  Array<{ server: string; name: string; inputSchema: unknown; outputSchema?: unknown }>
> {
  const dataDir = bundle();
  const configs: SourceOptions[] = [
    { dataDir, env: {}, allowWrites: true },
    { env: { PROMETHEUS_URL: 'http://127.0.0.1:9', LOKI_URL: 'http://127.0.0.1:9' } },
  ];
  const out = new Map<string, { server: string; name: string; inputSchema: unknown; outputSchema?: unknown }>();
  for (const source of configs) {
    for (const spec of SERVERS) {
      if (!spec.isConfigured(source)) continue;
      const inst = await spec.create(source);
      const c = await connectTools(spec.name, inst.tools);
      for (const t of (await c.client.listTools()).tools)
        out.set(`${spec.name}.${t.name}`, { server: spec.name, ...t });
      await c.close();
      await inst.close();
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  return [...out.values()];
}

describe('portable tool schemas', () => {
  it('a tuple becomes an array of its member types, of its length, readable by both SDK validators', () => {
    const schema = z.object({ points: z.array(z.tuple([z.number(), z.number()])) });
    const raw = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
    const data = { points: [[1736950000, 0.5]] };
    // The defect: SDK 1.x reads `items: false` beside prefixItems as "no item may exist".
    expect(v1.getValidator(structuredClone(raw) as never)(data).valid).toBe(false);
    const portable = makePortable(structuredClone(raw));
    expect(findDraftSpecific(portable)).toEqual([]);
    for (const v of [v1, v2]) {
      const check = v.getValidator(portable as never);
      expect(check(data).valid).toBe(true);
      expect(check({ points: [[1, 2, 3]] }).valid).toBe(false);
      expect(check({ points: [['a', 2]] }).valid).toBe(false);
    }
  });

  it('mixed tuples keep each member type and a rest type', () => {
    const portable = makePortable(
      z.toJSONSchema(z.tuple([z.string(), z.number()]).rest(z.boolean())) as Record<string, unknown>,
    );
    expect(portable).toMatchObject({
      type: 'array',
      items: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
      minItems: 2,
    });
    expect(portable.maxItems).toBeUndefined();
  });

  it('validates with zod and advertises the portable form, whatever draft is asked for', () => {
    const s = toPortableSchema(z.object({ p: z.tuple([z.number(), z.number()]), n: z.number().default(3) }));
    expect(s['~standard'].jsonSchema.output({ target: 'draft-07' })).not.toHaveProperty('$schema');
    expect(JSON.stringify(s['~standard'].jsonSchema.output({ target: 'draft-2020-12' }))).not.toContain('prefixItems');
    expect(s['~standard'].validate({ p: [1, 2] })).toEqual({ value: { p: [1, 2], n: 3 } });
    expect('issues' in (s['~standard'].validate({ p: [1] }) as object)).toBe(true);
  });

  it("makes each schema's JSON Schema once per process: every session shares it, frozen", () => {
    const output = z.object({ rows: z.array(z.object({ at: z.string(), n: z.number() })) });
    const first = toPortableSchema(output)['~standard'].jsonSchema;
    const second = toPortableSchema(output)['~standard'].jsonSchema; // a second server session registering the tool
    const made = first.output({ target: 'draft-2020-12' });
    expect(second.output({ target: 'draft-07' })).toBe(made);
    expect(Object.isFrozen((made.properties as Record<string, object>).rows)).toBe(true);
    expect(first.input({ target: 'draft-2020-12' })).not.toBe(made); // input and output each have their own
    const other = toPortableSchema(z.object({ rows: z.array(z.string()) }))['~standard'].jsonSchema;
    expect(other.output({ target: 'draft-2020-12' })).not.toBe(made);
  });

  it('holds for every tool of every server, input and output', async () => {
    const tools = await listAllTools();
    const names = tools.map((t) => t.name);
    // The configurations reach every kind of tool: file, write and live-only ones.
    expect(names).toEqual(
      expect.arrayContaining([
        'get_metrics',
        'query_prometheus',
        'query_logs',
        'restart_pod',
        'get_trace_details',
        'get_commit',
      ]),
    );
    const problems: string[] = [];
    for (const t of tools) {
      for (const [which, schema] of [
        ['input', t.inputSchema],
        ['output', t.outputSchema],
      ] as const) {
        if (schema === undefined) {
          problems.push(`${t.server}.${t.name}: no ${which} schema`);
          continue;
        }
        for (const k of findDraftSpecific(schema)) problems.push(`${t.server}.${t.name} ${which}: ${k}`);
        for (const [sdk, v] of [
          ['SDK 1.x', v1],
          ['SDK 2.x', v2],
        ] as const) {
          try {
            v.getValidator(schema as never);
          } catch (err) {
            problems.push(
              `${t.server}.${t.name} ${which}: ${sdk} validator cannot compile it: ${(err as Error).message}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
