// A Drain-style fixed-depth parse tree: token count, then the first few tokens, then a leaf list of clusters.
// A message joins the most similar cluster of its leaf (share of equal tokens at equal positions, ignoring shared
// punctuation and positions that are variables in both) when that share reaches the threshold; otherwise it
// starts a cluster of its own.
import { WILDCARD } from './mask.js';

export interface DrainOptions {
  /** How many leading tokens route a message below the token-count level. */
  prefixDepth: number;
  /** Minimum share of matching positions to join a cluster. */
  similarity: number;
  /** Children per tree node before further distinct tokens share the `<*>` branch. */
  maxChildren: number;
}

export interface DrainCluster {
  id: number;
  tokens: string[];
  glue: boolean[];
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: DrainCluster[];
}

// Punctuation both sides share says nothing about whether two messages are one event.
const PUNCT = new Set('=,;:()[]{}|.-"\'`'.split(''));
const newNode = (): TreeNode => ({ children: new Map(), clusters: [] });

export interface DrainTree {
  /** Returns the cluster the tokens joined (or created) and whether its template changed. */
  insert(
    tokens: string[],
    glue: boolean[],
    createId: () => number,
  ): { cluster: DrainCluster; created: boolean; changed: boolean };
  /** Takes a cluster out of its leaf (it was merged into another), so leaves do not fill up with merged clusters. */
  remove(cluster: DrainCluster): void;
}

export function createDrainTree(options: DrainOptions): DrainTree {
  const roots = new Map<number, TreeNode>();
  const leafOf = new Map<DrainCluster, TreeNode>();

  /** The leaf for these tokens, creating the path when asked (wildcard tokens and overfull nodes use `<*>`). */
  const findLeaf = (tokens: readonly string[], create: boolean): TreeNode | undefined => {
    let root = roots.get(tokens.length);
    if (!root) {
      if (!create) return undefined;
      root = newNode();
      roots.set(tokens.length, root);
    }
    let node: TreeNode = root;
    const depth = Math.min(options.prefixDepth, tokens.length);
    for (let i = 0; i < depth; i++) {
      const token = tokens[i];
      let next: TreeNode | undefined = node.children.get(token);
      if (!next) {
        if (create && (token === WILDCARD || node.children.size < options.maxChildren)) {
          next = newNode();
          node.children.set(token, next);
        } else {
          next = node.children.get(WILDCARD);
          if (!next && create) {
            next = newNode();
            node.children.set(WILDCARD, next);
          }
        }
      }
      if (!next) return undefined;
      node = next;
    }
    return node;
  };

  return {
    insert(tokens, glue, createId) {
      const leaf = findLeaf(tokens, false);
      const match = leaf ? findBestCluster(leaf.clusters, tokens, options.similarity) : undefined;
      if (match) {
        const changed = generalise(match.tokens, tokens);
        return { cluster: match, created: false, changed };
      }
      const cluster: DrainCluster = { id: createId(), tokens: tokens.slice(), glue: glue.slice() };
      const target = findLeaf(tokens, true)!;
      target.clusters.push(cluster);
      leafOf.set(cluster, target);
      return { cluster, created: true, changed: true };
    },
    remove(cluster) {
      const leaf = leafOf.get(cluster);
      if (!leaf) return;
      const at = leaf.clusters.indexOf(cluster);
      if (at >= 0) leaf.clusters.splice(at, 1);
      leafOf.delete(cluster);
    },
  };
}

/**
 * The cluster with the highest share of matching constant positions at or above the threshold; ties go to the more
 * general one.
 */
function findBestCluster(
  clusters: readonly DrainCluster[],
  tokens: readonly string[],
  threshold: number,
): DrainCluster | undefined {
  let best: DrainCluster | undefined;
  let bestScore = -1;
  let bestWild = -1;
  const n = tokens.length;
  for (const cluster of clusters) {
    const template = cluster.tokens;
    let equal = 0;
    let wild = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const t = template[i];
      const m = tokens[i];
      if (t.length === 1 && t === m && PUNCT.has(t)) continue;
      if (t === WILDCARD) {
        wild++;
        // A variable in both is no evidence either way; a template wildcard against a constant counts as
        // a mismatch, so a template that has generalised a lot cannot swallow unrelated messages.
        if (m !== WILDCARD) total++;
        continue;
      }
      total++;
      if (t === m) equal++;
    }
    const score = total === 0 ? 1 : equal / total;
    if (score > bestScore || (score === bestScore && wild > bestWild)) {
      best = cluster;
      bestScore = score;
      bestWild = wild;
    }
  }
  return best && bestScore >= threshold ? best : undefined;
}

/** Turns positions where the message differs from the template into `<*>`; true when the template changed. */
export function generalise(template: string[], tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== WILDCARD && template[i] !== tokens[i]) {
      template[i] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}
