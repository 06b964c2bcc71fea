// The category of the fault, from the words of the errors, the shapes of the metrics, Kubernetes reasons and the diff.
import type { Category } from '../report/schema.js';
import { FAILURE_CLASSES } from './vocabulary.js';

/** Category scores from weighted texts (symptom templates with their counts, diff lines, k8s reasons). */
export function scoreCategories(texts: Array<{ text: string; weight: number }>): Map<Category, number> {
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

const CONFIG_FILE = /\.(ya?ml|json|toml|ini|env|properties|conf|cfg|tf|tfvars|hcl)$|(?:^|\/)(?:config|configs|settings|helm|charts|k8s|deploy|values)[/.]|dockerfile|\.env/i;
const DOCS_OR_TESTS = /(?:^|\/)(?:docs?|tests?|__tests__|spec|e2e|fixtures?)\/|\.(?:md|rst|txt|adoc)$|(?:_test|\.test|\.spec|_spec)\.[a-z]+$|(?:^|\/)(?:readme|changelog|license|contributing)/i;

export function isConfigPath(path: string): boolean {
  return CONFIG_FILE.test(path);
}

export function isDocsOrTestPath(path: string): boolean {
  return DOCS_OR_TESTS.test(path);
}
