// A tiny renderer for the subset of Helm templating our chart uses (if/else, range, define/include, toYaml,
// nindent, default, quote, trunc, trimSuffix, not, and, or, gt, int, fail), so CI can render and check the chart
// without helm. A template outside the subset throws, which keeps the chart within what this test can verify.
import { stringify } from 'yaml';

type Node =
  | { t: 'text'; v: string }
  | { t: 'out'; e: string }
  | { t: 'if'; e: string; then: Node[]; else: Node[] }
  | { t: 'range'; e: string; body: Node[] };

export interface RenderContext {
  Values: unknown;
  Release: { Name: string; Namespace: string };
  Chart: { Name: string; Version: string; AppVersion: string };
}

function lex(src: string): Array<{ text?: string; action?: string }> {
  const out: Array<{ text?: string; action?: string }> = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    let text = src.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1]) text = text.replace(/\s+$/, '');
    out.push({ text });
    out.push({ action: m[2] });
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  let tail = src.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, '');
  out.push({ text: tail });
  return out;
}

export function parseTemplate(src: string, defines: Map<string, Node[]>): Node[] {
  const root: Node[] = [];
  const stack: Array<{ nodes: Node[]; owner?: Node & { t: 'if' | 'range' }; inElse?: boolean; define?: string }> = [
    { nodes: root },
  ];
  const top = () => stack[stack.length - 1];
  for (const piece of lex(src)) {
    if (piece.text !== undefined) {
      if (piece.text) top().nodes.push({ t: 'text', v: piece.text });
      continue;
    }
    const a = piece.action!;
    if (a.startsWith('/*')) continue;
    let m: RegExpExecArray | null;
    if ((m = /^if\s+(.+)$/.exec(a))) {
      const node: Node = { t: 'if', e: m[1], then: [], else: [] };
      top().nodes.push(node);
      stack.push({ nodes: node.then, owner: node });
    } else if (a === 'else') {
      const frame = top();
      if (frame.owner?.t !== 'if') throw new Error('else outside if');
      frame.nodes = frame.owner.else;
      frame.inElse = true;
    } else if ((m = /^range\s+(.+)$/.exec(a))) {
      const node: Node = { t: 'range', e: m[1], body: [] };
      top().nodes.push(node);
      stack.push({ nodes: node.body, owner: node });
    } else if ((m = /^define\s+"([^"]+)"$/.exec(a))) {
      const nodes: Node[] = [];
      defines.set(m[1], nodes);
      stack.push({ nodes, define: m[1] });
    } else if (a === 'end') {
      if (stack.length === 1) throw new Error('end without a block');
      stack.pop();
    } else {
      top().nodes.push({ t: 'out', e: a });
    }
  }
  if (stack.length !== 1) throw new Error('unclosed block');
  return root;
}

function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && (sep === ' ' ? /\s/.test(ch) : ch === sep)) {
      if (cur.trim()) parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

function empty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === '' ||
    v === false ||
    v === 0 ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && Object.keys(v).length === 0)
  );
}

export function createRenderer(defines: Map<string, Node[]>) {
  const indent = (n: number, s: string) =>
    s
      .split('\n')
      .map((l) => (l ? ' '.repeat(n) + l : l))
      .join('\n');
  const funcs: Record<string, (...args: unknown[]) => unknown> = {
    include: (name, ctx) => {
      const body = defines.get(String(name));
      if (!body) throw new Error(`no template "${name}"`);
      return render(body, ctx);
    },
    toYaml: (v) => stringify(v).trimEnd(),
    nindent: (n, s) => '\n' + indent(Number(n), String(s)),
    indent: (n, s) => indent(Number(n), String(s)),
    quote: (s) => JSON.stringify(String(s ?? '')),
    default: (d, v) => (empty(v) ? d : v),
    not: (v) => empty(v),
    trunc: (n, s) => String(s).slice(0, Number(n)),
    trimSuffix: (suf, s) => (String(s).endsWith(String(suf)) ? String(s).slice(0, -String(suf).length) : s),
    // Go templates' and/or return an operand: the first empty one (and), the first non-empty one (or).
    and: (...args) => args.find((a) => empty(a)) ?? args[args.length - 1],
    or: (...args) => args.find((a) => !empty(a)) ?? args[args.length - 1],
    gt: (a, b) => Number(a) > Number(b),
    int: (v) => Math.trunc(Number(v ?? 0)),
    fail: (message) => {
      throw new Error(`fail: ${String(message)}`);
    },
  };

  function value(tok: string, dot: unknown): unknown {
    if (tok.startsWith('(')) return evaluate(tok.slice(1, -1), dot);
    if (tok.startsWith('"')) return JSON.parse(tok);
    if (/^-?\d+$/.test(tok)) return Number(tok);
    if (tok === '.') return dot;
    if (tok.startsWith('.')) {
      let v: unknown = dot;
      for (const key of tok.slice(1).split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
      return v;
    }
    throw new Error(`unsupported token "${tok}"`);
  }

  function evaluate(expr: string, dot: unknown): unknown {
    let piped: unknown;
    let first = true;
    for (const segment of splitTop(expr, '|')) {
      const toks = splitTop(segment, ' ');
      const fn = funcs[toks[0]];
      if (fn) {
        const args = toks.slice(1).map((t) => value(t, dot));
        if (!first) args.push(piped);
        piped = fn(...args);
      } else {
        if (!first || toks.length !== 1) throw new Error(`unsupported expression "${segment}"`);
        piped = value(toks[0], dot);
      }
      first = false;
    }
    return piped;
  }

  function render(nodes: Node[], dot: unknown): string {
    let out = '';
    for (const n of nodes) {
      if (n.t === 'text') out += n.v;
      else if (n.t === 'out') {
        const v = evaluate(n.e, dot);
        out += v === undefined || v === null ? '' : String(v);
      } else if (n.t === 'if') out += render(empty(evaluate(n.e, dot)) ? n.else : n.then, dot);
      else {
        const items = evaluate(n.e, dot);
        for (const item of Array.isArray(items) ? items : Object.values((items as object) ?? {}))
          out += render(n.body, item);
      }
    }
    return out;
  }

  return { render };
}

/** Renders every template of a chart: helpers first, then each manifest; returns file name -> YAML text. */
export function renderChart(files: Record<string, string>, ctx: RenderContext): Record<string, string> {
  const defines = new Map<string, Node[]>();
  const parsed: Record<string, Node[]> = {};
  for (const [name, src] of Object.entries(files)) parsed[name] = parseTemplate(src, defines);
  const { render } = createRenderer(defines);
  const out: Record<string, string> = {};
  for (const [name, nodes] of Object.entries(parsed)) if (!name.startsWith('_')) out[name] = render(nodes, ctx);
  return out;
}
