// Kubernetes label selectors (equality and set based), for the file backend and the test fake.
import { ToolError } from '../../mcp/tool.js';

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside parentheses: `a in (x,y),b=c`. */
function splitTerms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

function parseTerm(term: string): Requirement {
  let m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]);
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) {
    const [, not, key] = m;
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new ToolError(
    `label_selector: cannot read "${term}"; use key=value, key!=value, key in (a,b), key or !key, joined by commas`,
  );
}

export function parseLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  const reqs = splitTerms(selector).map(parseTerm);
  return (labels) => reqs.every((r) => r(labels ?? {}));
}
