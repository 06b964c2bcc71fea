// The one classifier: the category of the fault, for a change, an outside dependency, a component or what the
// cluster shows, from the words of the errors, the shapes of the metrics, Kubernetes reasons and the diff.
// Every word, reason and metric shape comes from the vocabulary (vocabulary.ts).
import type { SignalHealthOut } from '../core/contracts/metrics.js';
import type { Category } from '../report/schema.js';
import type { K8sFailure, K8sFinding } from './k8s.js';
import type { ComponentRank } from './localize.js';
import type { Suspect } from './suspects.js';
import type { SymptomAnalysis } from './symptoms.js';
import { classOfClusterReason, classOfMetric, FAILURE_CLASSES, hasClass } from './vocabulary.js';
import { CLASSIFY } from './thresholds.js';

export type WeightedText = { text: string; weight: number };

/** Category scores from weighted texts (symptom templates with their counts, diff lines, k8s reasons). */
export function scoreCategories(texts: readonly WeightedText[]): Map<Category, number> {
  const scores = new Map<Category, number>();
  for (const { text, weight } of texts) {
    for (const c of FAILURE_CLASSES) {
      if (c.words.test(text)) scores.set(c.category, (scores.get(c.category) ?? 0) + c.weight * weight);
    }
  }
  return scores;
}

export function topCategory(scores: Map<Category, number>): { category: Category; share: number } | null {
  let best: Category | null = null;
  let total = 0;
  for (const [c, s] of scores) {
    total += s;
    if (best === null || s > (scores.get(best) ?? 0)) best = c;
  }
  return best ? { category: best, share: total ? (scores.get(best) ?? 0) / total : 0 } : null;
}

const CONFIG_FILE =
  /\.(ya?ml|json|toml|ini|env|properties|conf|cfg|tf|tfvars|hcl)$|(?:^|\/)(?:config|configs|settings|helm|charts|k8s|deploy|values)[/.]|dockerfile|\.env/i;
const DOCS_OR_TESTS =
  /(?:^|\/)(?:docs?|tests?|__tests__|spec|e2e|fixtures?)\/|\.(?:md|rst|txt|adoc)$|(?:_test|\.test|\.spec|_spec)\.[a-z]+$|(?:^|\/)(?:readme|changelog|license|contributing)/i;

export function isConfigPath(path: string): boolean {
  return CONFIG_FILE.test(path);
}

export function isDocsOrTestPath(path: string): boolean {
  return DOCS_OR_TESTS.test(path);
}

/**
 * The evidence texts of an incident: its strongest symptom templates, what its metric shapes say (a memory ramp
 * reads as heap growth, a disk climbing as a filling disk), and any extra texts (Kubernetes reasons).
 */
export function evidenceTexts(sym: SymptomAnalysis, extra: readonly WeightedText[] = []): WeightedText[] {
  const texts = sym.symptoms
    .slice(0, 20)
    .map((s) => ({ text: `${s.template.template}\n${s.template.sample}`, weight: s.weight }));
  for (const m of sym.metricSymptoms) {
    const cls = classOfMetric(m.anomaly.metric, ['memory', 'disk']);
    if (cls?.id === 'memory' && m.anomaly.kind === 'ramp')
      texts.push({ text: 'heap usage growth out of memory', weight: CLASSIFY.memoryRampWeight });
    if (cls?.id === 'disk' && m.anomaly.direction === 'up')
      texts.push({ text: 'disk full', weight: CLASSIFY.corroborating });
  }
  return [...texts, ...extra];
}

/**
 * A change to blame: what its errors and diff lines say; a config-only change is bad configuration unless memory or
 * disk ran out.
 */
export function classifyChange(culprit: Suspect, texts: readonly WeightedText[]): Category {
  const scores = scoreCategories([
    ...texts,
    ...culprit.matchedLines.map((l) => ({ text: l, weight: CLASSIFY.corroborating })),
  ]);
  // Our change is to blame, so "the upstream is down" is how it shows, not what it is.
  scores.delete('dependency_failure');
  scores.delete('no_fault');
  const configOnly = culprit.paths.length > 0 && culprit.paths.every(isConfigPath);
  const top = topCategory(scores);
  if (configOnly && (!top || !['memory_leak', 'disk_full'].includes(top.category))) return 'bad_config';
  if (top && (scores.get(top.category) ?? 0) >= CLASSIFY.changeMinScore) return top.category;
  return configOnly ? 'bad_config' : 'code_bug';
}

/**
 * An outside dependency failing: an expired certificate, or the class its errors show clearly, else a dependency
 * failure.
 */
export function classifyOutside(texts: readonly WeightedText[]): Category {
  if (texts.some((t) => hasClass(t.text, 'certificate'))) return 'certificate_expiry';
  const top = topCategory(scoreCategories(texts));
  if (
    top &&
    ['network', 'disk_full', 'capacity', 'memory_leak', 'resource_exhaustion', 'database'].includes(top.category) &&
    top.share >= CLASSIFY.outsideShare
  )
    return top.category;
  return 'dependency_failure';
}

export interface ComponentFacts {
  /** Graph node kinds as the exporter named them (database, messaging_system, virtual_node). */
  nodeKinds: ReadonlyMap<string, string>;
  /** Every signal of each component at the onset. */
  signals?: ReadonlyMap<string, readonly SignalHealthOut[]>;
  trafficSurge: boolean;
}

const DATABASE = FAILURE_CLASSES.find((c) => c.id === 'database')!;

/** A component failing with no change to blame: what its errors say, else what its signal shows and what it is. */
export function classifyComponent(r: ComponentRank, texts: readonly WeightedText[], facts: ComponentFacts): Category {
  if (facts.trafficSurge) return 'capacity';
  const words = topCategory(scoreCategories(texts));
  if (words && words.share >= CLASSIFY.componentShare && words.category !== 'code_bug' && words.category !== 'no_fault')
    return words.category;
  const s = r.signal;
  const isDatabase = facts.nodeKinds.get(r.component) === 'database' || !!DATABASE.components?.test(r.component);
  if (s?.kind === 'saturation') {
    const cls = classOfMetric(s.metric);
    if (cls?.id === 'memory') return 'memory_leak';
    if (cls?.id === 'disk') return 'disk_full';
    if (isDatabase) return 'database';
    // A growing backlog is capacity when more arrives than was provisioned for; when the consumer itself slowed
    // (it processes less than before while input holds), it ran out of something of its own.
    if (cls?.id === 'capacity') {
      const own = facts.signals?.get(r.component) ?? [];
      return own.some((x) => x.kind === 'throughput' && x.current < x.baseline && x.z >= 4)
        ? 'resource_exhaustion'
        : 'capacity';
    }
    return 'resource_exhaustion';
  }
  if (isDatabase && (s?.kind === 'latency' || s?.kind === 'errors')) return 'database';
  return 'dependency_failure';
}

/**
 * What the cluster shows, when logs and metrics show nothing: the class of the pods' reasons; a crash loop alone
 * says little, so the pods' own error lines tell a config error from a bug.
 */
export function classifyCluster(failures: readonly K8sFailure[], errorTexts: readonly WeightedText[]): Category {
  const cls = classOfClusterReason(failures.map((f) => `${f.reason} ${f.detail}`).join(' '));
  if (cls) return cls.category;
  const scores = scoreCategories(errorTexts);
  scores.delete('dependency_failure');
  return topCategory(scores)?.category ?? 'code_bug';
}

/** A Kubernetes finding as evidence text: OOM kills and evictions say much, other reasons little. */
export function clusterText(f: K8sFinding): WeightedText {
  const cls = classOfClusterReason(f.reason);
  if (cls?.id === 'memory') return { text: 'oomkilled out of memory', weight: 3 };
  if (/Evicted/.test(f.reason)) return { text: `evicted ${f.detail}`, weight: CLASSIFY.corroborating };
  return { text: `${f.reason} ${f.detail}`, weight: CLASSIFY.clusterReason };
}
