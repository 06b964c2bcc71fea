// Arguments built from a tool's JSON Schema (tools/list inputSchema): the minimal valid set, and where strings go.
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  pattern?: string;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  return s.anyOf?.map(typeOf).find(Boolean);
}

/** A value the schema accepts, as plain as can be (strings "x", numbers their minimum or 1). */
export function sampleValue(s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  switch (typeOf(s)) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1));
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return minimalArgs(s);
    default:
      return null;
  }
}

export function minimalArgs(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of schema.required ?? []) out[key] = sampleValue(schema.properties?.[key] ?? {});
  return out;
}

/** Every place a string argument can go: top-level strings, string arrays and string-valued maps, as a setter. */
export function stringSlots(
  schema: JsonSchema,
): Array<{ path: string; put(args: Record<string, unknown>, v: string): Record<string, unknown> }> {
  const slots: Array<{ path: string; put(args: Record<string, unknown>, v: string): Record<string, unknown> }> = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const t = typeOf(prop);
    if (t === 'string' && !prop.enum) slots.push({ path: key, put: (a, v) => ({ ...a, [key]: v }) });
    if (t === 'array' && prop.items && typeOf(prop.items) === 'string')
      slots.push({ path: `${key}[]`, put: (a, v) => ({ ...a, [key]: [v] }) });
    if (
      t === 'object' &&
      typeof prop.additionalProperties === 'object' &&
      typeOf(prop.additionalProperties) === 'string'
    ) {
      slots.push({ path: `${key}{}`, put: (a, v) => ({ ...a, [key]: { [v]: v } }) });
    }
  }
  return slots;
}
