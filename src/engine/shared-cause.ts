// Several services failing at the same moment with the same class of error (DNS, TLS, connection refused to one
// host) share a cause: the resolver, the certificate or the host, not the deployment of any one of them.
import type { Category } from '../report/schema.js';
import { dependencyInMessage } from './dependency.js';
import type { Symptom } from './symptoms.js';
import { SHARED } from './thresholds.js';
import { classesOf, type FailureClass } from './vocabulary.js';

export interface SharedCause {
  classId: string;
  category: Category;
  /** What the failures have in common, as the data names it: the resolver, the host, or the failure class. */
  name: string;
  services: string[];
  /** When the first of them began (ms). */
  start: number;
  /** Share of the incident's symptom weight these failures carry. */
  share: number;
  example: Symptom;
}

/** "lookup x on 10.96.0.10:53": the resolver a DNS error names. */
const RESOLVER = /\bon\s+(\d{1,3}(?:\.\d{1,3}){3}|[a-z][a-z0-9.-]+)(?::53)?\b/i;

/**
 * What the failures have in common, as the data names it: the one host most of them name (a certificate's, a
 * refusing host's, the one name every lookup fails for); for lookups of many different names, the resolver.
 */
function nameOf(cls: FailureClass, texts: string[], known: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const dep = dependencyInMessage(t);
    if (dep) counts.set(dep.name, (counts.get(dep.name) ?? 0) + 1);
  }
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (top && top[1] >= Math.max(2, Math.ceil(texts.length / 2))) return top[0];
  if (cls.id === 'dns') {
    for (const t of texts) {
      const m = RESOLVER.exec(t);
      if (m && /lookup/i.test(t)) return m[1];
    }
  }
  const mentioned = known.find((k) => texts.filter((t) => t.toLowerCase().includes(k.toLowerCase())).length >= 2);
  return mentioned ?? null;
}

/**
 * The failure class that several of our services show at once, with the most symptom weight.
 * `known`: component names, so a shared host can be named as the data spells it.
 */
export function findSharedCause(symptoms: readonly Symptom[], known: readonly string[]): SharedCause | null {
  const total = symptoms.reduce((a, s) => a + s.weight, 0);
  if (!total) return null;
  const groups = new Map<string, { cls: FailureClass; members: Symptom[] }>();
  for (const s of symptoms) {
    const text = `${s.template.template}\n${s.template.sample}`;
    const cls = classesOf(text).find((c) => c.shared);
    if (!cls) continue;
    const g = groups.get(cls.id) ?? { cls, members: [] };
    g.members.push(s);
    groups.set(cls.id, g);
  }
  let best: SharedCause | null = null;
  for (const { cls, members } of groups.values()) {
    const first = Math.min(...members.map((m) => m.start));
    const together = members.filter((m) => m.start - first <= SHARED.togetherMs);
    const services = [...new Set(together.map((m) => m.template.service))];
    if (services.length < SHARED.minServices) continue;
    const weight = together.reduce((a, m) => a + m.weight, 0);
    const texts = together.map((m) => m.template.sample || m.template.template);
    const name = nameOf(cls, texts, known) ?? (cls.id === 'dns' ? 'DNS resolution' : cls.id);
    const candidate: SharedCause = {
      classId: cls.id,
      category: cls.category,
      name,
      services: services.sort(),
      start: first,
      share: weight / total,
      example: together.sort((a, b) => b.weight - a.weight)[0],
    };
    if (!best || candidate.share > best.share) best = candidate;
  }
  return best && best.share >= SHARED.minShare ? best : null;
}
