// Log template mining. PLACEHOLDER API: the Drain-style miner replaces the body, keeping these exports.

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
  clusters(): MinedTemplate[];
}

export function createTemplateMiner(): TemplateMiner {
  const byKey = new Map<string, number>();
  const list: MinedTemplate[] = [];
  return {
    add(message) {
      const key = message.replace(/\d+/g, '<*>');
      let id = byKey.get(key);
      if (id === undefined) {
        id = list.length;
        byKey.set(key, id);
        list.push({ clusterId: id, template: key, count: 0 });
      }
      list[id].count++;
      return id;
    },
    template: (id) => list[id].template,
    clusters: () => list,
  };
}
