// Tool schemas every MCP client can read: JSON Schema in the part common to draft-07 (SDK 1.x clients, Ajv's
// default) and draft 2020-12 (SDK 2.x). Zod writes 2020-12; a tuple there (prefixItems + items: false) reads
// in draft-07 as "no item may exist", so an SDK-1.x client rejects every result holding one.
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Keywords whose value is one subschema, or a map or list of them: where the walk descends. */
const ONE = [
  'items',
  'additionalProperties',
  'propertyNames',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'additionalItems',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

/** Keywords that mean different things (or nothing) in draft-07 and 2020-12: none may remain in a portable schema. */
const DRAFT_SPECIFIC_KEYWORDS = [
  '$schema',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'unevaluatedProperties',
  'dependentRequired',
  'dependentSchemas',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
  '$recursiveAnchor',
];

const isSchema = (v: unknown): v is JsonSchema => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A tuple as an array of the union of its member types, of exactly its length: looser than the tuple
 * (position is not checked), valid alike in both drafts.
 */
function flattenTuple(node: JsonSchema): void {
  const prefix = (node.prefixItems as unknown[]).filter(isSchema);
  const rest = node.items;
  delete node.prefixItems;
  const members = [...prefix, ...(isSchema(rest) ? [rest] : [])];
  const unique = [...new Map(members.map((m) => [JSON.stringify(m), m])).values()];
  if (rest === undefined || rest === true || unique.length === 0)
    delete node.items; // items past the prefix are free
  else node.items = unique.length === 1 ? unique[0] : { anyOf: unique };
  if (rest === false && node.maxItems === undefined) node.maxItems = prefix.length;
  if (node.minItems === undefined && prefix.length) node.minItems = prefix.length;
}

/** Rewrites a 2020-12 schema (in place) into the portable subset; see DRAFT_SPECIFIC_KEYWORDS. */
export function makePortable(schema: JsonSchema): JsonSchema {
  const walk = (node: JsonSchema): void => {
    if (Array.isArray(node.prefixItems)) flattenTuple(node);
    for (const k of ONE) if (isSchema(node[k])) walk(node[k] as JsonSchema);
    for (const k of MAP)
      if (isSchema(node[k])) for (const v of Object.values(node[k] as JsonSchema)) if (isSchema(v)) walk(v);
    for (const k of LIST) if (Array.isArray(node[k])) for (const v of node[k] as unknown[]) if (isSchema(v)) walk(v);
  };
  delete schema.$schema; // each validator then reads it in its own draft, which for this subset means the same
  walk(schema);
  return schema;
}

/** Names every draft-specific keyword left in a schema, with its path: empty for a portable schema. */
export function findDraftSpecific(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((v, i) => findDraftSpecific(v, `${path}/${i}`));
  if (!isSchema(schema)) return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    const inValues = path.endsWith('/properties') || path.endsWith('/$defs') || path.endsWith('/definitions');
    if (!inValues && DRAFT_SPECIFIC_KEYWORDS.includes(k)) found.push(`${path}/${k}`);
    if (!inValues && k === 'items' && Array.isArray(v)) found.push(`${path}/items (array form)`);
    found.push(...findDraftSpecific(v, `${path}/${k}`));
  }
  return found;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Each zod schema's portable JSON Schema, made once per process: the SDK asks for a tool's output schema both to
 * list the tool and at its first call, and every server session (one per HTTP client in the service) asks again.
 * Frozen, since every caller gets the same object.
 */
const portableSchemas = new WeakMap<z.ZodType, { input?: JsonSchema; output?: JsonSchema }>();

/**
 * The zod schema as the SDK takes it, validating with zod, but advertising the portable JSON Schema
 * whatever draft the SDK asks for.
 */
export function toPortableSchema<S extends z.ZodType>(schema: S): StandardSchemaWithJSON<z.input<S>, z.output<S>> {
  const std = schema['~standard'] as unknown as StandardSchemaWithJSON<z.input<S>, z.output<S>>['~standard'];
  const convert = (io: 'input' | 'output') => () => {
    let made = portableSchemas.get(schema);
    if (!made) portableSchemas.set(schema, (made = {}));
    return (made[io] ??= deepFreeze(makePortable(structuredClone(std.jsonSchema[io]({ target: 'draft-2020-12' })))));
  };
  return {
    '~standard': {
      version: 1,
      vendor: std.vendor,
      validate: (value) => std.validate(value),
      jsonSchema: { input: convert('input'), output: convert('output') },
    },
  };
}
