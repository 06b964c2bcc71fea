// Tolerant JSON extraction from a model's prose: fenced blocks, a bare object amid text, trailing commas.

/** Drops reasoning blocks some models print before the answer. */
function stripThinking(text: string): string {
  return text.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, '');
}

/** Removes commas before a closing bracket, outside strings. */
export function removeTrailingCommas(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += json[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',') {
      const next = json.slice(i + 1).match(/^\s*([}\]])/);
      if (next) continue;
    }
    out += c;
  }
  return out;
}

function tryParse(text: string): unknown {
  for (const candidate of [text, removeTrailingCommas(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

/** Balanced {...} spans in text, outermost only, in order. */
function objectSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

/** The first JSON object found in a model's text, or null. The largest object wins among bare spans. */
export function extractJsonObject(text: string): Record<string, unknown> | null {
  const clean = stripThinking(text).trim();
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const whole = tryParse(clean);
  if (isObject(whole)) return whole;
  for (const m of clean.matchAll(/```(?:json|JSON|jsonc)?\s*\n?([\s\S]*?)```/g)) {
    const v = tryParse(m[1]!.trim());
    if (isObject(v)) return v;
  }
  const spans = objectSpans(clean).sort((a, b) => b.length - a.length);
  for (const span of spans) {
    const v = tryParse(span);
    if (isObject(v)) return v;
  }
  return null;
}
