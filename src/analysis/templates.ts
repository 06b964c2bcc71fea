// Log template mining: mask variables, route through a Drain-style tree, merge clusters whose templates meet.
// One configuration for every log source; see templates/mask.ts and templates/drain.ts.
import { createDrainTree, generalise, type DrainCluster, type DrainOptions } from './templates/drain.js';
import { maskTokens, renderTokens, WILDCARD } from './templates/mask.js';

export { maskMessage, maskTokens, WILDCARD } from './templates/mask.js';

export interface MinedTemplate {
  /** Stable for the life of the miner; the template text of a cluster may generalise as messages arrive. */
  clusterId: number;
  template: string;
  count: number;
}

export interface TemplateMiner {
  /** Assigns a message to a cluster (creating or generalising one) and returns the cluster id. */
  add(message: string): number;
  /** The current template text of a cluster, variable parts as <*>. */
  template(clusterId: number): string;
  /** Live clusters only: a cluster merged into another is reported under the surviving id. */
  clusters(): MinedTemplate[];
  /** The id a cluster now lives under (itself unless merged); ids returned earlier by add() stay valid through it. */
  resolve(clusterId: number): number;
}

export interface TemplateMinerOptions extends DrainOptions {
  /**
   * Clusters equal but for one position merge (that position becoming `<*>`) once this many distinct values are seen.
   */
  siblingValues: number;
  /** ...and only when the template keeps more than this many constant words besides that position. */
  siblingMinConstants: number;
  /** Distinct raw messages remembered to skip masking and tree search for exact repeats. */
  cacheSize: number;
}

const DEFAULT_MINER_OPTIONS: Readonly<TemplateMinerOptions> = Object.freeze({
  prefixDepth: 2,
  similarity: 0.9,
  siblingValues: 5,
  siblingMinConstants: 3,
  maxChildren: 100,
  cacheSize: 200_000,
});

// Sibling keys cost O(tokens^2) per new cluster: very long templates skip that merge.
const MAX_SIBLING_TOKENS = 128;
const SHORT_FACTOR = 2;
const RAW_WINDOW = 4096;
const RAW_PAUSE = 65_536;

interface ClusterState {
  drain: DrainCluster;
  /** The surviving cluster this one was merged into, or its own id. */
  parent: number;
  count: number;
  key: string;
}

export function createTemplateMiner(options: Partial<TemplateMinerOptions> = {}): TemplateMiner {
  const opts = { ...DEFAULT_MINER_OPTIONS, ...options };
  const tree = createDrainTree(opts);
  const states: ClusterState[] = [];
  // Caches: exact raw message, then exact masked form; both map to a cluster id (resolved on use).
  let rawCache = new Map<string, number>();
  const maskedCache = new Map<string, number>();
  // When exact repeats are rare (every line unique), the raw cache only costs: pause it, then probe again.
  let rawLookups = 0;
  let rawHits = 0;
  let rawSkip = 0;
  const trackRawCache = (hit: boolean): void => {
    rawLookups++;
    if (hit) rawHits++;
    if (rawLookups < RAW_WINDOW) return;
    if (rawHits * 16 < rawLookups) {
      rawSkip = RAW_PAUSE;
      rawCache = new Map();
    }
    rawLookups = 0;
    rawHits = 0;
  };
  // Template text -> surviving cluster, so two clusters that generalise to the same template become one.
  const byTemplate = new Map<string, number>();

  const resolve = (id: number): number => {
    let root = id;
    while (states[root].parent !== root) root = states[root].parent;
    // Path compression keeps later lookups O(1).
    let cur = id;
    while (states[cur].parent !== root) {
      const next = states[cur].parent;
      states[cur].parent = root;
      cur = next;
    }
    return root;
  };

  /** Keeps byTemplate current after a cluster's template changed; merges on a collision. */
  const indexTemplate = (id: number): number => {
    const state = states[id];
    const key = state.drain.tokens.join(' ');
    if (state.key && byTemplate.get(state.key) === id) byTemplate.delete(state.key);
    state.key = key;
    const other = byTemplate.get(key);
    if (other === undefined || resolve(other) === id) {
      byTemplate.set(key, id);
      return id;
    }
    const keep = resolve(other);
    mergeInto(id, keep);
    return keep;
  };

  const mergeInto = (from: number, into: number): void => {
    if (from === into) return;
    states[from].parent = into;
    states[into].count += states[from].count;
    states[from].count = 0;
    tree.remove(states[from].drain);
  };

  // Sibling clusters equal but for one position: once enough distinct values fill it, the position is a variable.
  const siblings = new Map<string, number[]>();
  const mergedSiblings = new Map<string, number>();

  const mergeSiblings = (id: number): number => {
    const tokens = states[id].drain.tokens;
    let constants = 0;
    for (const t of tokens) if (t !== WILDCARD && !isPunctuation(t)) constants++;
    // Short templates have little context to tell a value from a different event: they need more distinct values,
    // and a one-word message never merges (`running`, `blocked` are different states).
    if (constants <= 1 || tokens.length > MAX_SIBLING_TOKENS) return id;
    const needed = constants <= opts.siblingMinConstants ? opts.siblingValues * SHORT_FACTOR : opts.siblingValues;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === WILDCARD || isPunctuation(t)) continue;
      const key = `${tokens.length}|${tokens.slice(0, i).join(' ')}|<*>|${tokens.slice(i + 1).join(' ')}`;
      const target = mergedSiblings.get(key);
      if (target !== undefined) {
        const keep = resolve(target);
        if (keep === id) continue;
        generalise(states[keep].drain.tokens, tokens);
        mergeInto(id, keep);
        return indexTemplate(keep);
      }
      let list = siblings.get(key);
      if (!list) siblings.set(key, (list = []));
      list.push(id);
      const live = [...new Set(list.map(resolve))];
      if (live.length >= needed) {
        const keep = live[0];
        states[keep].drain.tokens[i] = WILDCARD;
        for (const other of live.slice(1)) {
          generalise(states[keep].drain.tokens, states[other].drain.tokens);
          mergeInto(other, keep);
        }
        mergedSiblings.set(key, keep);
        siblings.delete(key);
        const survivor = indexTemplate(keep);
        return resolve(id) === id ? id : survivor;
      }
    }
    return id;
  };

  const addMasked = (tokens: string[], glue: boolean[]): number => {
    const { cluster, created, changed } = tree.insert(tokens, glue, () => states.length);
    if (created) {
      states.push({ drain: cluster, parent: cluster.id, count: 0, key: '' });
      indexTemplate(cluster.id);
      return resolve(mergeSiblings(resolve(cluster.id)));
    }
    let id = resolve(cluster.id);
    if (id !== cluster.id) {
      // A merged cluster still matches in its leaf: carry any generalisation over to the survivor.
      if (changed && generalise(states[id].drain.tokens, cluster.tokens)) id = indexTemplate(id);
    } else if (changed) id = indexTemplate(id);
    return id;
  };

  return {
    add(message) {
      const useRaw = rawSkip === 0;
      const cached = useRaw ? rawCache.get(message) : undefined;
      if (useRaw) trackRawCache(cached !== undefined);
      else rawSkip--;
      let id: number;
      if (cached !== undefined) {
        id = resolve(cached);
      } else {
        const { tokens, glue } = maskTokens(message);
        const maskedKey = tokens.join(' ');
        const known = maskedCache.get(maskedKey);
        id = known !== undefined ? resolve(known) : addMasked(tokens, glue);
        if (known === undefined) {
          if (maskedCache.size >= opts.cacheSize) maskedCache.clear();
          maskedCache.set(maskedKey, id);
        }
        if (useRaw) {
          if (rawCache.size >= opts.cacheSize) rawCache = new Map();
          rawCache.set(message, id);
        }
      }
      states[id].count++;
      return id;
    },
    template(clusterId) {
      if (!states[clusterId]) throw new RangeError(`unknown template cluster id ${clusterId}`);
      const state = states[resolve(clusterId)];
      return renderTokens(state.drain.tokens, state.drain.glue);
    },
    clusters() {
      const out: MinedTemplate[] = [];
      for (let id = 0; id < states.length; id++) {
        const state = states[id];
        if (state.parent !== id) continue;
        out.push({ clusterId: id, template: renderTokens(state.drain.tokens, state.drain.glue), count: state.count });
      }
      return out;
    },
    resolve(clusterId) {
      if (!states[clusterId]) throw new RangeError(`unknown template cluster id ${clusterId}`);
      return resolve(clusterId);
    },
  };
}

const PUNCTUATION = new Set('=,;:()[]{}|.-"\'`'.split(''));
function isPunctuation(token: string): boolean {
  return token.length === 1 && PUNCTUATION.has(token);
}
