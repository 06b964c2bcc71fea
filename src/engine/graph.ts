// The service graph, learned from the evidence: "Upstream X returned 500", "X unavailable", "calling X", trace parents.
// An edge consumer -> producer says the consumer's errors may be the producer's fault.

export interface ServiceGraph {
  /** producers each consumer was seen calling (or failing to call) */
  calls: Map<string, Set<string>>;
  /** What an edge is when the exporter says (`client\u0000server` -> database, messaging_system, virtual_node). */
  kinds: Map<string, string>;
}

export function createGraph(): ServiceGraph {
  return { calls: new Map(), kinds: new Map() };
}

export function addEdge(graph: ServiceGraph, consumer: string, producer: string, kind?: string | null): void {
  if (consumer === producer) return;
  let set = graph.calls.get(consumer);
  if (!set) graph.calls.set(consumer, (set = new Set()));
  set.add(producer);
  if (kind) graph.kinds.set(`${consumer}\u0000${producer}`, kind);
}

/**
 * Publishes to `consumer` through a queue or stream: a messaging edge runs from the publisher (client) to the
 * consumer (server), and what the consumer chokes on may be the publisher's doing.
 */
export function publishesTo(graph: ServiceGraph, publisher: string, consumer: string): boolean {
  return graph.kinds.get(`${publisher}\u0000${consumer}`) === 'messaging_system';
}

/** Known service names mentioned in a message, longest first so `billing-api` wins over `billing`. */
export function mentionedServices(text: string, known: readonly string[]): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const name of [...known].sort((a, b) => b.length - a.length)) {
    const n = name.toLowerCase();
    let at = lower.indexOf(n);
    while (at >= 0) {
      const before = at === 0 ? ' ' : lower[at - 1];
      const after = lower[at + n.length] ?? ' ';
      // Whole-name matches only, and not inside a longer name already found.
      if (!/[a-z0-9_-]/.test(before) && !/[a-z0-9_]/.test(after) && !found.some((f) => f.toLowerCase().includes(n))) {
        found.push(name);
        break;
      }
      at = lower.indexOf(n, at + 1);
    }
  }
  return found;
}

export function learnFromMessage(
  graph: ServiceGraph,
  service: string,
  message: string,
  known: readonly string[],
): string[] {
  const producers = mentionedServices(message, known).filter((s) => s !== service);
  for (const p of producers) addEdge(graph, service, p);
  return producers;
}

/** Services reachable downstream of `service` (what it calls), with their hop distance. */
export function producersOf(graph: ServiceGraph, service: string, maxHops = 3): Map<string, number> {
  const out = new Map<string, number>();
  let frontier = [service];
  for (let hop = 1; hop <= maxHops && frontier.length; hop++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (const p of graph.calls.get(s) ?? []) {
        if (p !== service && !out.has(p)) {
          out.set(p, hop);
          next.push(p);
        }
      }
    }
    frontier = next;
  }
  return out;
}
