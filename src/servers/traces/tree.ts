// The span tree of one trace: depth-first order, the deepest error span and the path to it.
import type { Span } from './backend.js';
import { findRoots, round } from './summarize.js';

export interface TreeNode {
  span: Span;
  depth: number;
  children: TreeNode[];
}

/** Builds the forest (partial traces can have several roots); children in start order. */
export function buildTree(spans: Span[]): TreeNode[] {
  const byParent = new Map<string, Span[]>();
  for (const s of spans) {
    if (!s.parentSpanId) continue;
    const list = byParent.get(s.parentSpanId);
    if (list) list.push(s);
    else byParent.set(s.parentSpanId, [s]);
  }
  const seen = new Set<string>();
  const build = (span: Span, depth: number): TreeNode => {
    seen.add(span.spanId);
    // A span id seen twice (bad data, cycles) is not expanded again.
    const kids = (byParent.get(span.spanId) ?? [])
      .filter((c) => !seen.has(c.spanId))
      .sort((a, b) => a.startMs - b.startMs);
    return { span, depth, children: kids.map((k) => build(k, depth + 1)) };
  };
  return findRoots(spans).map((r) => build(r, 0));
}

export function flattenTree(roots: TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (n: TreeNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

/** The error span farthest from the root (ties: the earliest); null when nothing failed. */
export function findDeepestError(nodes: TreeNode[]): TreeNode | null {
  let best: TreeNode | null = null;
  for (const n of nodes) {
    if (n.span.status !== 'error') continue;
    if (!best || n.depth > best.depth || (n.depth === best.depth && n.span.startMs < best.span.startMs)) best = n;
  }
  return best;
}

/** Root-to-node chain. */
export function pathTo(roots: TreeNode[], target: TreeNode): TreeNode[] {
  const walk = (n: TreeNode, chain: TreeNode[]): TreeNode[] | null => {
    const next = [...chain, n];
    if (n === target) return next;
    for (const c of n.children) {
      const found = walk(c, next);
      if (found) return found;
    }
    return null;
  };
  for (const r of roots) {
    const found = walk(r, []);
    if (found) return found;
  }
  return [];
}

/** Follows the slowest child from the longest root: where the latency went. */
export function slowestPath(roots: TreeNode[]): TreeNode[] {
  if (!roots.length) return [];
  let node = roots.reduce((a, b) => (b.span.durationMs > a.span.durationMs ? b : a));
  const out = [node];
  while (node.children.length) {
    node = node.children.reduce((a, b) => (b.span.durationMs > a.span.durationMs ? b : a));
    out.push(node);
  }
  return out;
}

export function servicesAlong(nodes: TreeNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) if (!out.includes(n.span.service)) out.push(n.span.service);
  return out;
}

export function toPathSteps(nodes: TreeNode[]) {
  return nodes.map((n) => ({
    spanId: n.span.spanId,
    service: n.span.service,
    name: n.span.name,
    durationMs: round(n.span.durationMs),
    status: n.span.status,
  }));
}
