// A light check of tool arguments against a tool's JSON schema: enough for the model to correct itself before a call.
// The server validates strictly anyway; this catches the common slips (missing, unknown or mistyped keys) without a
// round trip.

type Schema = Record<string, unknown>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(v);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function checkValue(v: unknown, schema: Schema, path: string, errors: string[]): void {
  const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(anyOf)) {
    if (!anyOf.some((s) => validateAgainst(v, s, path).length === 0))
      errors.push(`${path}: does not match any allowed form`);
    return;
  }
  if (!matchesType(v, schema.type)) {
    errors.push(
      `${path}: expected ${Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type)}, got ${typeOf(v)}`,
    );
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(v as never))
    errors.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (typeOf(v) === 'object' && (schema.properties || schema.required))
    checkObject(v as Record<string, unknown>, schema, path, errors);
  if (Array.isArray(v) && schema.items && typeof schema.items === 'object')
    v.forEach((item, i) => checkValue(item, schema.items as Schema, `${path}[${i}]`, errors));
}

function checkObject(obj: Record<string, unknown>, schema: Schema, path: string, errors: string[]): void {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const key of (schema.required ?? []) as string[])
    if (obj[key] === undefined) errors.push(`${at(key)}: required`);
  for (const [key, value] of Object.entries(obj)) {
    const prop = props[key];
    if (!prop) {
      if (schema.additionalProperties === false)
        errors.push(`${at(key)}: unknown argument (allowed: ${Object.keys(props).join(', ') || 'none'})`);
      continue;
    }
    if (value !== undefined) checkValue(value, prop, at(key), errors);
  }
}

/** Problems with `value` against `schema`, each naming the argument; empty when it fits. */
export function validateAgainst(value: unknown, schema: Schema, path = ''): string[] {
  const errors: string[] = [];
  if (path === '' && typeOf(value) !== 'object') return ['arguments must be a JSON object'];
  checkValue(value, schema, path, errors);
  return errors;
}
