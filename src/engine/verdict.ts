// From ranked suspects and symptoms to hypotheses: a change to blame, an outside dependency, or no fault.
import type { Category, Hypothesis } from '../report/schema.js';
import { describeSpan } from '../core/time.js';
import {
  classifyChange,
  classifyCluster,
  classifyOutside,
  evidenceTexts,
  scoreCategories,
  topCategory,
} from './category.js';
import { CATEGORY_LABELS as LABELS, hasClass } from './vocabulary.js';
import type { K8sFailure } from './k8s.js';
import { componentHypotheses, type ComponentEvidence } from './component-verdict.js';
import type { ComponentRank } from './localize.js';
import type { SharedCause } from './shared-cause.js';
import { changeBeforeClimb, type SlowBurn } from './slow-burn.js';
import { CONFIDENCE, GATES, VERDICT } from './thresholds.js';
import type { Suspect } from './suspects.js';
import type { SymptomAnalysis } from './symptoms.js';

/** A report lists at most this many hypotheses: the answer and the alternatives worth a look. */
const MAX_HYPOTHESES = 5;

export interface Verdict {
  kind: 'change' | 'dependency' | 'no_fault';
  hypotheses: Hypothesis[];
  category: Category;
  culprit: Suspect | null;
  dependency: string | null;
  /** The failure stopped before the end of the data: when, and the later change that likely stopped it. */
  recovery?: { stoppedAt: number; by: Suspect | null };
  /** The rule that decided, in words (for --explain). */
  gate?: string;
}

function gated(gate: string, v: Verdict): Verdict {
  return { ...v, gate };
}

/** Extra category evidence from Kubernetes and metric shapes, as weighted phrases. */
export interface CategoryHints {
  texts: Array<{ text: string; weight: number }>;
  /** Traffic rose sharply near the onset (requests per second and the like). */
  trafficSurge?: boolean;
  /** Services the incident text names. */
  mentioned?: string[];
  /** What the cluster shows failing now (pods that cannot run, recent scheduling or node warnings). */
  k8sActive?: K8sFailure[];
  /** Maps a pod name to its service. */
  serviceOf?: (object: string) => string | null;
  /** Every error-level log template, bursting or not: what a crashing pod says about itself. */
  errorTexts?: Array<{ text: string; weight: number }>;
  /** A resource that climbed for a long time before the onset. */
  slowBurn?: SlowBurn | null;
  /** Several services failing alike at once. */
  sharedCause?: SharedCause | null;
  /** Every change before the onset, however old (slow burns look days back). */
  allChanges?: Suspect[];
  /** Changes after the onset (a rollback that stopped the failure). */
  later?: Suspect[];
  /** Components ranked by metrics-first localization, and what is known about them. */
  components?: { ranks: ComponentRank[]; evidence: Omit<ComponentEvidence, 'texts' | 'trafficSurge'> };
}

/** A verdict that blames the best-ranked changed component; the changes follow, capped low. */
function componentVerdict(sym: SymptomAnalysis, hints: CategoryHints, changeHyps: Hypothesis[]): Verdict | null {
  const ranks = hints.components?.ranks ?? [];
  if (!ranks.some((r) => r.anomalous)) return null;
  const hyps = componentHypotheses(
    ranks,
    { ...hints.components!.evidence, texts: evidenceTexts(sym, hints.texts), trafficSurge: !!hints.trafficSurge },
    3,
  );
  const top = hyps[0];
  return {
    kind: 'dependency',
    category: top.category,
    culprit: null,
    dependency: top.dependency,
    hypotheses: [...hyps, ...capped(changeHyps, CONFIDENCE.changeUnderOther)].slice(0, MAX_HYPOTHESES),
  };
}

/** Characters of fixed text in a template: "Connection pool exhausted" says more than "POST <*> <*>". */
function literalLength(template: string): number {
  return template.replace(/<\*>/g, '').replace(/[^A-Za-z]/g, '').length;
}

function shortTemplate(text: string): string {
  const t = text.replace(/<\*>/g, '…').replace(/\s+/g, ' ').trim();
  return t.length > 90 ? `${t.slice(0, 89)}…` : t;
}

function changeHypothesis(s: Suspect, category: Category, confidence: number, sym: SymptomAnalysis): Hypothesis {
  // Of the strongest symptoms where the change lies, the one whose words say the most.
  const own = sym.symptoms.filter((x) => x.template.service === s.service).slice(0, 3);
  const top =
    own.sort((a, b) => literalLength(b.template.template) - literalLength(a.template.template))[0] ?? sym.symptoms[0];
  const what = top ? ` ("${shortTemplate(top.template.template)}")` : '';
  const change = s.kind === 'deployment' ? `deployment ${s.version}` : `commit ${s.commit?.slice(0, 7)}`;
  const why = s.subject ? `: ${s.subject}` : '';
  if (s.parts.against < 1) {
    // A change to docs or tests cannot fail in production: no failure category is pinned on it.
    return {
      summary: `${s.service} ${change}${s.subject ? ` ("${s.subject}")` : ''} only touches docs or tests: not a likely cause`,
      category: 'no_fault',
      service: s.service,
      deployment: s.version,
      commit: s.commit,
      dependency: null,
      confidence: Math.min(confidence, CONFIDENCE.docsOnly),
      reasons: s.notes,
    };
  }
  return {
    summary: `${LABELS[category]} in ${s.service} after ${change}${s.commit && s.kind === 'deployment' ? ` (${s.commit.slice(0, 7)}${why})` : why}${what}`,
    category,
    service: s.service,
    deployment: s.version,
    commit: s.commit,
    dependency: null,
    confidence,
    reasons: s.notes,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Hypotheses listed below another answer: none may claim more than `cap`. */
function capped(hyps: readonly Hypothesis[], cap: number): Hypothesis[] {
  return hyps.map((h) => ({ ...h, confidence: Math.min(h.confidence, cap) }));
}

/** Calibrated: high only when the best change scores well and clearly beats the next one. */
export function confidenceOf(best: number, second: number): number {
  const margin = best > 0 ? Math.max(0, (best - second) / best) : 0;
  const c = CONFIDENCE.changeFloor + CONFIDENCE.changeSlope * best * (0.5 + 0.5 * margin);
  return round2(Math.min(CONFIDENCE.changeMax, Math.max(CONFIDENCE.changeFloor, c)));
}

/** A change ties to the failure when its time, its place on the graph and its content all point at it. */
function isTied(s: Suspect): boolean {
  const p = s.parts;
  if (p.content < VERDICT.tieContent || p.service < VERDICT.tiePlace) return false;
  // In the faulty component itself and saying what the errors say, a change may lead the onset by an hour or more.
  if (p.service >= VERDICT.tiePlaceAlone && p.content >= VERDICT.tieContentStrong)
    return p.time >= VERDICT.tieTimeLoose;
  return p.time >= VERDICT.tieTime;
}

/** Time and place strong enough to blame a change whose diff shares no words with the errors (config, a bump). */
function isStrongWithoutContent(s: Suspect): boolean {
  return s.parts.time >= VERDICT.tieTimeAlone && s.parts.service >= VERDICT.tiePlaceAlone && s.parts.against >= 1;
}

function changeVerdict(
  culprit: Suspect,
  ranked: Suspect[],
  sym: SymptomAnalysis,
  hints: CategoryHints,
  category: Category = classifyChange(culprit, evidenceTexts(sym, hints.texts)),
  extraReasons: string[] = [],
  confidenceOverride?: number,
): Verdict {
  const others = ranked.filter((x) => x !== culprit);
  const confidence = confidenceOverride ?? confidenceOf(culprit.score, others[0]?.score ?? 0);
  const first = changeHypothesis(culprit, category, confidence, sym);
  first.reasons = [...extraReasons, ...(first.reasons ?? [])];
  const rest = others
    .slice(0, 3)
    .map((s, i) =>
      changeHypothesis(
        s,
        classifyChange(s, evidenceTexts(sym, hints.texts)),
        Math.min(
          confidence * CONFIDENCE.runnerUpOfWinner,
          round2(confidenceOf(s.score, others[i + 1]?.score ?? 0) * CONFIDENCE.runnerUpShare),
        ),
        sym,
      ),
    );
  const dep = sym.dependencies[0];
  return {
    kind: 'change',
    category,
    culprit,
    dependency: null,
    hypotheses: [
      first,
      ...rest,
      ...(dep
        ? [
            {
              summary: `${dep.name} failing`,
              category: 'dependency_failure' as Category,
              service: null,
              deployment: null,
              commit: null,
              dependency: dep.name,
              confidence: CONFIDENCE.namedDependency,
            },
          ]
        : []),
    ].slice(0, MAX_HYPOTHESES),
  };
}

/** Several services failing alike at once: the resolver, certificate or host they share. */
function sharedVerdict(shared: SharedCause, changeHyps: Hypothesis[]): Verdict {
  const category = shared.category;
  const hyp: Hypothesis = {
    summary: `${LABELS[category]} shared by ${shared.services.length} services (${shared.services.slice(0, 4).join(', ')}): ${shared.name} ("${shortTemplate(shared.example.template.template)}"); no single deployment explains it`,
    category,
    service: shared.name,
    deployment: null,
    commit: null,
    dependency: shared.name,
    confidence: round2(Math.min(CONFIDENCE.sharedMax, CONFIDENCE.sharedBase + CONFIDENCE.sharedSlope * shared.share)),
    reasons: [
      `${shared.services.length} services began failing with the same kind of error within minutes of each other`,
      `${Math.round(shared.share * 100)}% of the new errors are of this kind`,
    ],
  };
  return {
    kind: 'dependency',
    category,
    culprit: null,
    dependency: shared.name,
    hypotheses: [hyp, ...capped(changeHyps, CONFIDENCE.changeUnderOther)].slice(0, MAX_HYPOTHESES),
  };
}

export function decideVerdict(ranked: Suspect[], sym: SymptomAnalysis, hints: CategoryHints): Verdict {
  const verdict = decideCause(ranked, sym, hints);
  // A failure that stopped keeps its cause; the report says when it stopped and what stopped it.
  if (sym.recovered && verdict.kind !== 'no_fault') verdict.recovery = recoveryOf(sym, verdict, hints.later ?? []);
  return verdict;
}

/** When the symptoms stopped, and the change after the onset that most likely stopped them. */
function recoveryOf(sym: SymptomAnalysis, verdict: Verdict, later: Suspect[]): NonNullable<Verdict['recovery']> {
  const stoppedAt = Math.max(...sym.symptoms.filter((s) => s.weight > 1).map((s) => Date.parse(s.template.last)));
  const service = verdict.culprit?.service ?? verdict.hypotheses[0]?.service;
  const candidates = later.filter(
    (s) => s.time <= stoppedAt + GATES.recoverySlackMs && (!service || s.service === service),
  );
  const by = candidates.sort((a, b) => b.time - a.time)[0] ?? null;
  return { stoppedAt, by };
}

function decideCause(ranked: Suspect[], sym: SymptomAnalysis, hints: CategoryHints): Verdict {
  const [best] = ranked;
  const changedComponents = (hints.components?.ranks ?? []).some((r) => r.anomalous);
  if (!sym.symptoms.length && !sym.metricSymptoms.some((m) => m.anomaly.kind !== 'ramp') && !changedComponents) {
    const k8s = hints.k8sActive ?? [];
    if (k8s.length) {
      // Nothing in the logs or metrics, but the cluster shows pods that cannot run now.
      // A crash loop alone says little; the pod's own error lines tell a config error from a bug.
      const category = classifyCluster(k8s, hints.errorTexts ?? []);
      const first = k8s[0];
      const service = hints.serviceOf?.(first.object) ?? hints.mentioned?.[0] ?? null;
      return gated('nothing in the logs or metrics; the cluster shows pods that cannot run now', {
        kind: 'dependency',
        category,
        culprit: null,
        dependency: null,
        hypotheses: [
          {
            summary: `${LABELS[category]}: ${first.object} ${first.reason}${first.detail && first.detail !== first.reason ? ` (${first.detail})` : ''}`,
            category,
            service,
            deployment: null,
            commit: null,
            dependency: null,
            confidence: CONFIDENCE.clusterOnly,
            reasons: k8s.slice(0, 3).map((f) => `${f.object}: ${f.reason}`),
          },
        ],
      });
    }
    return gated('no failure: no log symptom, no metric change, no changed component, no pod that cannot run', {
      kind: 'no_fault',
      category: 'no_fault',
      culprit: null,
      dependency: null,
      hypotheses: [
        {
          summary: 'No active fault: no error or latency change stands out in the window',
          category: 'no_fault',
          service: hints.mentioned?.[0] ?? null,
          deployment: null,
          commit: null,
          dependency: null,
          confidence: CONFIDENCE.noFault,
          reasons: ['no symptom template or metric changed significantly'],
        },
      ],
    });
  }
  const changeHyps = ranked
    .slice(0, 4)
    .map((s, i) =>
      changeHypothesis(
        s,
        classifyChange(s, evidenceTexts(sym, hints.texts)),
        round2(confidenceOf(s.score, ranked[i + 1]?.score ?? 0) * (i === 0 ? 1 : CONFIDENCE.runnerUpShare)),
        sym,
      ),
    );

  // 1. A resource that climbed for a long time: the last change of that service before the climb began.
  const burn = hints.slowBurn;
  if (burn) {
    const culprit = changeBeforeClimb(burn, hints.allChanges ?? ranked);
    if (culprit) {
      const lead = Math.round((burn.climbStart - culprit.time) / 60_000);
      const why = `${burn.metric} in ${burn.service} ${burn.beforeData ? 'was already climbing when the data begins' : `began climbing ${describeSpan(lead * 60_000)} after it`}; later changes came after the climb had started`;
      return gated(
        `slow burn: ${why}; blamed the last change of ${burn.service} before the climb`,
        changeVerdict(
          culprit,
          ranked.includes(culprit) ? ranked : [culprit, ...ranked],
          sym,
          hints,
          burn.category,
          [why],
          VERDICT.slowBurnConfidence,
        ),
      );
    }
  }

  // 2. Several services failing alike at the same moment: their shared cause, not one of their deployments.
  const shared = hints.sharedCause;
  if (
    shared &&
    !(
      best &&
      isTied(best) &&
      (best.service === shared.name || best.matchedTokens.some((t) => shared.name.toLowerCase().includes(t)))
    )
  ) {
    return gated(
      `shared cause: ${shared.services.length} services failed alike (${shared.classId}) within minutes; no single deployment ties`,
      sharedVerdict(shared, changeHyps),
    );
  }

  // 3. A change whose time, place and content tie it to the errors (the best such; one that does not tie
  //    may still score higher on time and place alone).
  const bestTied = ranked.find(isTied);
  if (bestTied && !(hints.trafficSurge && bestTied.parts.content < GATES.contentWords)) {
    return gated(
      `change ties: time ${bestTied.parts.time.toFixed(2)}, place ${bestTied.parts.service.toFixed(2)}, content ${bestTied.parts.content.toFixed(2)} all pass (>= ${VERDICT.tieTime}/${VERDICT.tiePlace}/${VERDICT.tieContent})`,
      changeVerdict(bestTied, [bestTied, ...ranked.filter((x) => x !== bestTied)], sym, hints),
    );
  }

  const dep = sym.dependencies[0];
  const certificate = sym.symptoms.some((s) => hasClass(`${s.template.template} ${s.template.sample}`, 'certificate'));
  // 4. The errors name an outside dependency, and no change ties.
  if (dep && (sym.externalShare >= GATES.externalShare || certificate)) {
    const category = classifyOutside(evidenceTexts(sym, hints.texts));
    const named = Math.min(1, sym.externalShare + (certificate ? CONFIDENCE.dependencyCertBonus : 0));
    const confidence = round2(
      Math.min(
        CONFIDENCE.dependencyMax,
        CONFIDENCE.dependencyBase +
          CONFIDENCE.dependencySlope * named -
          (best ? best.score * CONFIDENCE.dependencyChangePenalty : 0),
      ),
    );
    const affected = [...sym.affected.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const hyp: Hypothesis = {
      summary: `${LABELS[category]}: ${dep.name} (${dep.kind === 'certificate' ? 'certificate' : 'outside dependency'}) is failing${affected ? `, seen from ${affected}` : ''}; no change of ours explains it`,
      category,
      service: affected,
      deployment: null,
      commit: null,
      dependency: dep.name,
      confidence: Math.max(CONFIDENCE.dependencyMin, confidence),
      reasons: [
        `${Math.round(sym.externalShare * 100)}% of the new errors name ${dep.name}`,
        best ? `the best change scores only ${best.score.toFixed(2)}` : 'no change precedes the onset',
      ],
    };
    return gated(
      `outside dependency: ${Math.round(sym.externalShare * 100)}% of the new errors name ${dep.name}, and no change ties`,
      {
        kind: 'dependency',
        category,
        culprit: null,
        dependency: dep.name,
        hypotheses: [hyp, ...capped(changeHyps, CONFIDENCE.secondaryCap)].slice(0, MAX_HYPOTHESES),
      },
    );
  }

  // 5. Traffic beyond what is provisioned: capacity, at the component that gave way first.
  if (hints.trafficSurge && (!best || best.parts.content < GATES.contentWords)) {
    const top = hints.components?.ranks.find((r) => r.anomalous && !r.explainedBy)?.component;
    const affected = top ?? [...sym.fault.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const hyp: Hypothesis = {
      summary: `${LABELS.capacity} in ${affected ?? 'the system'} after a surge in traffic; no change of ours explains it`,
      category: 'capacity',
      service: affected,
      deployment: null,
      commit: null,
      dependency: null,
      confidence: round2(CONFIDENCE.surgeBase - (best?.score ?? 0) * CONFIDENCE.surgeChangePenalty),
      reasons: [
        'requests rose sharply at the onset',
        ...(best
          ? [
              `the best change (${best.service} ${best.version ?? best.commit?.slice(0, 7)}) shares no words with the errors`,
            ]
          : []),
      ],
    };
    const others = capped(
      componentHypotheses(
        (hints.components?.ranks ?? []).filter((r) => r.component !== affected),
        { ...hints.components!.evidence, texts: evidenceTexts(sym, hints.texts), trafficSurge: false },
        2,
      ),
      CONFIDENCE.secondaryCap,
    );
    return gated('traffic surge: requests at least doubled at the onset, and no change shares words with the errors', {
      kind: 'dependency',
      category: 'capacity',
      culprit: null,
      dependency: null,
      hypotheses: [hyp, ...others, ...capped(changeHyps, CONFIDENCE.changeUnderOther)].slice(0, MAX_HYPOTHESES),
    });
  }

  // 6. A change in the faulty component itself, right before the onset, wins without shared words (a config or
  //    limits change); otherwise the component that metrics localize outranks changes that do not tie.
  const topComponent = hints.components?.ranks.find((r) => r.anomalous && !r.explainedBy);
  if (topComponent) {
    const own = ranked.find((s) => s.service === topComponent.component && isStrongWithoutContent(s));
    if (own)
      return gated(
        `change in the faulty component ${topComponent.component} right before the onset (time ${own.parts.time.toFixed(2)}); its diff shares no words, but nothing else explains the change`,
        changeVerdict(own, ranked, sym, hints),
      );
    if (!best || best.service !== topComponent.component || best.parts.time < VERDICT.tieTime) {
      const byComponent = componentVerdict(sym, hints, changeHyps);
      if (byComponent)
        return gated(
          `component: metrics localize the fault to ${topComponent.component}, and no change ties`,
          byComponent,
        );
    }
  }

  if (!best) {
    const category = classifyOutside(evidenceTexts(sym, hints.texts));
    const affected = [...sym.fault.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    return gated('no change precedes the onset', {
      kind: 'dependency',
      category,
      culprit: null,
      dependency: dep?.name ?? null,
      hypotheses: [
        {
          summary: `${LABELS[category]} in ${affected ?? 'the system'} with no change before the onset`,
          category,
          service: affected,
          deployment: null,
          commit: null,
          dependency: dep?.name ?? null,
          confidence: CONFIDENCE.noChange,
          reasons: ['no deployment or commit precedes the onset'],
        },
      ],
    });
  }

  // 7. Something fails, but no change of ours fits it (wrong service, no shared words, long before): say so.
  if (best.parts.service < GATES.noFitPlace && best.parts.content < GATES.noFitContent) {
    const category = topCategory(scoreCategories(evidenceTexts(sym, hints.texts)))?.category ?? 'dependency_failure';
    const affected = [...sym.fault.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const hyp: Hypothesis = {
      summary: `${LABELS[category]} in ${affected ?? 'the system'}; no change of ours explains it`,
      category,
      service: affected,
      deployment: null,
      commit: null,
      dependency: dep?.name ?? null,
      confidence: round2(CONFIDENCE.noFitBase - best.score * CONFIDENCE.noFitChangePenalty),
      reasons: [
        `the best change (${best.service} ${best.version ?? best.commit?.slice(0, 7)}) scores only ${best.score.toFixed(2)}: ${best.notes.join('; ')}`,
      ],
    };
    return gated(
      `no change fits: the best one's place ${best.parts.service.toFixed(2)} < ${GATES.noFitPlace} and content ${best.parts.content.toFixed(2)} < ${GATES.noFitContent}`,
      {
        kind: 'dependency',
        category,
        culprit: null,
        dependency: dep?.name ?? null,
        hypotheses: [hyp, ...capped(changeHyps, CONFIDENCE.changeUnderOther)].slice(0, MAX_HYPOTHESES),
      },
    );
  }

  // 8. The best change, with the confidence its score earns.
  return gated(
    `best change by score (${best.score.toFixed(2)}); it does not tie on all of time, place and content, so its confidence stays at what the score earns`,
    changeVerdict(best, ranked, sym, hints),
  );
}

/** Sources that can show a symptom; git and deployments alone say what changed, not what failed. */
const SYMPTOM_SOURCES = ['logs', 'metrics', 'traces', 'k8s'];

/** Whether any source that can show a failure gave data to analyse. */
export function hasUsableData(sources: Readonly<Record<string, string>>): boolean {
  return SYMPTOM_SOURCES.some((k) => sources[k] === 'ok');
}

/** Nothing could be read: say so, never "no fault". */
export function noDataVerdict(sources: Readonly<Record<string, string>>, warnings: readonly string[]): Verdict {
  const states = SYMPTOM_SOURCES.map((k) => `${k} ${(sources[k] ?? 'absent').replace('_', ' ')}`).join(', ');
  const why = warnings.slice(0, 3).join('; ');
  return {
    kind: 'no_fault',
    category: 'no_fault',
    culprit: null,
    dependency: null,
    gate: 'no data: no source that can show a failure gave anything to read',
    hypotheses: [
      {
        summary: `No data to analyse: ${states}${why ? ` (${why})` : ''}. This is not a finding that nothing failed.`,
        category: 'no_fault',
        service: null,
        deployment: null,
        commit: null,
        dependency: null,
        confidence: 0,
        reasons: [
          'no log entry, metric series, trace or cluster object could be read in the window',
          ...warnings.slice(0, MAX_HYPOTHESES),
        ],
      },
    ],
  };
}
