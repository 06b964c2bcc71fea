// Every deployment (or, without deployments, every commit) before the onset, scored on time, service and content.
import type { CommitDetailOutput, CommitSummary, DeploymentOut } from '../core/contracts/git.js';
import { describeSpan, parseTimestamp } from '../core/time.js';
import { isDocsOrTestPath } from './category.js';
import type { Cited } from './collect.js';
import { producersOf, publishesTo } from './graph.js';
import type { SymptomAnalysis } from './symptoms.js';
import { tokenize } from './tokens.js';
import { SUSPECT, VERDICT } from './thresholds.js';

export interface Suspect {
  kind: 'deployment' | 'commit';
  service: string;
  version: string | null;
  previousVersion: string | null;
  deploymentId: string | null;
  /** The commit to blame inside the change (best content match, else the deployed commit). */
  commit: string | null;
  subject: string | null;
  time: number;
  /** Shas the change shipped. */
  shas: string[];
  call: number;
  parts: { time: number; service: number; content: number; against: number };
  score: number;
  notes: string[];
  /** Diff lines of the blamed commit that share words with the errors. */
  matchedLines: string[];
  matchedTokens: string[];
  /** Changed paths of the blamed change. */
  paths: string[];
}

const MIN = 60_000;
/**
 * Place of a service that publishes to a failing consumer through a queue: below the consumer itself, above an
 * unrelated one.
 */
const PUBLISHER_PLACE = 0.6;
/** How far ahead of the onset a ramp must begin to be a build-up (a leak) rather than the failure's own rise. */
const RAMP_AHEAD_MS = 10 * MIN;

/** Candidate changes: deployments when there are any, else commits. Changes after the onset are not candidates. */
export function listCandidates(
  deployments: Cited<DeploymentOut[]> | null,
  commits: Cited<CommitSummary[]> | null,
  onset: number | null,
  windowTo: number,
): { candidates: Suspect[]; after: Suspect[] } {
  const limit = (onset ?? windowTo) + MIN;
  const blank = {
    parts: { time: 0, service: 0, content: 0, against: 1 },
    score: 0,
    notes: [],
    matchedLines: [],
    matchedTokens: [],
    paths: [],
  };
  const all: Suspect[] = [];
  if (deployments?.value.length) {
    for (const d of deployments.value) {
      if (d.status && /fail|cancel|rolled/i.test(d.status)) continue;
      const time = parseTimestamp(d.finishedAt ?? d.startedAt);
      const shas = [...new Set([...(d.commits ?? []), ...(d.commit ? [d.commit] : [])])];
      all.push({
        ...blank,
        notes: [],
        kind: 'deployment',
        service: d.service,
        version: d.version,
        previousVersion: d.previousVersion,
        deploymentId: d.id,
        commit: d.commit,
        subject: null,
        time,
        shas,
        call: deployments.call,
      });
    }
  } else if (commits?.value.length) {
    for (const cm of commits.value) {
      all.push({
        ...blank,
        notes: [],
        kind: 'commit',
        service: cm.services[0] ?? 'unknown',
        version: null,
        previousVersion: null,
        deploymentId: null,
        commit: cm.sha,
        subject: cm.subject,
        time: parseTimestamp(cm.date),
        shas: [cm.sha],
        call: commits.call,
      });
    }
  }
  const startedBefore = (s: Suspect, d?: DeploymentOut) => (d ? parseTimestamp(d.startedAt) : s.time) <= limit;
  const byId = new Map((deployments?.value ?? []).map((d) => [d.id, d]));
  return {
    candidates: all.filter((s) => startedBefore(s, s.deploymentId ? byId.get(s.deploymentId) : undefined)),
    after: all.filter((s) => !startedBefore(s, s.deploymentId ? byId.get(s.deploymentId) : undefined)),
  };
}

/** Time lead against the symptom's shape: fast failures follow within minutes; leaks ramp from the change. */
function scoreTime(s: Suspect, sym: SymptomAnalysis): { score: number; note: string } {
  if (sym.onset === null) return { score: SUSPECT.timeUnknown, note: 'no onset found: time does not discriminate' };
  const lead = Math.max(0, sym.onset - s.time);
  const fast = Math.exp(-lead / SUSPECT.fastDecayMs);
  const slow = SUSPECT.slowCeiling * Math.exp(-lead / SUSPECT.slowDecayMs);
  let ramp = 0;
  for (const m of sym.metricSymptoms) {
    const a = m.anomaly;
    if (a.kind !== 'ramp' || a.direction !== 'up') continue;
    if (a.service && a.service !== s.service) continue;
    // A leak's ramp runs ahead of the failure; a ramp that starts with the symptoms is the symptom itself.
    if (m.start > sym.onset - RAMP_AHEAD_MS) continue;
    const gap = m.start - s.time;
    if (gap >= -SUSPECT.rampBeforeMs && gap <= SUSPECT.rampAfterMs)
      ramp = Math.max(ramp, SUSPECT.rampCeiling - gap / SUSPECT.rampDecayMs);
  }
  const score = Math.max(fast, slow, ramp);
  const leadText = lead < 2 * MIN ? 'right before the onset' : `${describeSpan(lead)} before the onset`;
  return { score, note: ramp === score && ramp > 0 ? `${leadText}; a ramp in ${s.service} starts with it` : leadText };
}

/**
 * Where metrics-first localization puts a service: its share of the top component's score, or the dependency that
 * explains it.
 */
function componentPlace(sym: SymptomAnalysis, service: string): { score: number; victimOf: string | null } | null {
  const ranks = sym.components ?? [];
  const top = ranks.find((r) => r.anomalous && !r.explainedBy);
  if (!top) return null;
  const r = ranks.find((x) => x.component === service);
  if (!r || !r.anomalous) return { score: 0, victimOf: null };
  let victimOf = r.explainedBy;
  for (let guard = 0; victimOf && guard < 10; guard++) {
    const next = ranks.find((x) => x.component === victimOf)?.explainedBy;
    if (!next) break;
    victimOf = next;
  }
  return { score: victimOf ? 0 : Math.min(1, r.score / top.score), victimOf };
}

/**
 * Where the change lies against where the fault points: the errors' blame, the service graph, and the metrics'
 * localization.
 */
function scoreService(s: Suspect, sym: SymptomAnalysis): { score: number; note: string } {
  const max = Math.max(0, ...sym.fault.values());
  const direct = max > 0 ? (sym.fault.get(s.service) ?? 0) / max : 0;
  let viaGraph = 0;
  let publisher: string | null = null;
  for (const [affected] of sym.affected) {
    const hops = producersOf(sym.graph, affected).get(s.service);
    if (hops) viaGraph = Math.max(viaGraph, hops === 1 ? SUSPECT.placeOneHop : SUSPECT.placeFarther);
    if (publishesTo(sym.graph, s.service, affected)) {
      viaGraph = Math.max(viaGraph, PUBLISHER_PLACE);
      publisher ??= affected;
    }
  }
  const fromLogs = Math.max(direct, viaGraph, SUSPECT.placeFloor);
  const place = componentPlace(sym, s.service);
  if (place?.victimOf) {
    // Its metrics moved because a dependency's did: a change here must explain that dependency to be the cause.
    return {
      score: Math.min(fromLogs, VERDICT.victimPlace),
      note: `${s.service} changed only as much as its dependency ${place.victimOf} explains`,
    };
  }
  const score = Math.max(fromLogs, place?.score ?? 0);
  const note =
    place && place.score >= 0.99
      ? `${s.service} is the component whose change nothing else explains`
      : direct >= 0.5
        ? `${s.service} is where the fault points`
        : publisher && viaGraph > direct
          ? `${s.service} publishes what ${publisher} consumes`
          : viaGraph > direct
            ? `${s.service} is called by an affected service`
            : `${s.service} shows little of the failure`;
  return { score, note };
}

/** Parts of metric names that say how it is counted, not what it measures. */
const METRIC_SUFFIXES = new Set([
  'total',
  'count',
  'sum',
  'bucket',
  'ratio',
  'rate',
  'byte',
  'bytes',
  'container',
  'period',
  'periods',
  'info',
  'avg',
  'max',
  'min',
]);

/** Symptom words weighted by how much of the failure they describe. */
function symptomVocabulary(sym: SymptomAnalysis, incident: string): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const s of sym.symptoms.slice(0, 25)) {
    const words = new Set(tokenize(`${s.template.template} ${s.template.sample}`));
    for (const w of words) vocab.set(w, (vocab.get(w) ?? 0) + s.weight);
  }
  const max = Math.max(1e-9, ...vocab.values());
  for (const [w, v] of vocab) vocab.set(w, v / max);
  for (const w of tokenize(incident)) vocab.set(w, Math.max(vocab.get(w) ?? 0, SUSPECT.incidentWord));
  // The names of the metrics that moved in the faulty components are evidence words too (cpu, throttled, pool, lag).
  for (const r of (sym.components ?? []).filter((x) => x.anomalous && !x.explainedBy).slice(0, 2)) {
    for (const w of tokenize(r.signal?.metric ?? ''))
      if (!METRIC_SUFFIXES.has(w)) vocab.set(w, Math.max(vocab.get(w) ?? 0, SUSPECT.metricWord));
  }
  // Service names match every change of that service: they say nothing about content.
  for (const name of sym.knownServices) for (const w of tokenize(name)) vocab.delete(w);
  return vocab;
}

function commitText(c: CommitDetailOutput): { lines: string[]; text: string } {
  const lines: string[] = [];
  for (const f of c.files) {
    for (const l of (f.patch ?? '').split('\n')) {
      if ((l.startsWith('+') || l.startsWith('-')) && !l.startsWith('+++') && !l.startsWith('---')) lines.push(l);
    }
  }
  return { lines, text: `${c.message}\n${c.files.map((f) => f.path).join('\n')}\n${lines.join('\n')}` };
}

/** Words shared by the errors and the change (message, paths, diff), weighted by rarity among the candidates. */
function scoreContent(
  s: Suspect,
  details: Map<string, Cited<CommitDetailOutput>>,
  vocab: Map<string, number>,
  docFreq: Map<string, number>,
  docCount: number,
): { score: number; against: number; note: string } {
  let best = {
    score: 0,
    sha: s.commit,
    tokens: [] as string[],
    lines: [] as string[],
    paths: [] as string[],
    subject: s.subject,
  };
  let allDocs = true;
  let seen = 0;
  for (const sha of s.shas) {
    const d = details.get(sha)?.value;
    if (!d) continue;
    seen++;
    const { lines, text } = commitText(d);
    const paths = d.files.map((f) => f.path);
    if (!paths.length || !paths.every(isDocsOrTestPath)) allDocs = false;
    const tokens = new Set(tokenize(text));
    let sum = 0;
    const matched: string[] = [];
    for (const t of tokens) {
      const w = vocab.get(t);
      if (!w) continue;
      const idf = Math.log(1 + docCount / (docFreq.get(t) ?? 1));
      sum += w * idf;
      matched.push(t);
    }
    const score = 1 - Math.exp(-SUSPECT.contentRate * sum);
    if (score > best.score || best.sha === null || (score === best.score && sha === s.commit)) {
      const matchedLines = lines.filter((l) => tokenize(l).some((t) => vocab.has(t))).slice(0, 6);
      best = {
        score,
        sha,
        tokens: matched,
        lines: matchedLines.length ? matchedLines : lines.slice(0, 4),
        paths,
        subject: d.message.split('\n')[0],
      };
    }
  }
  s.commit = best.sha ?? s.commit;
  s.subject = best.subject ?? s.subject;
  s.matchedTokens = best.tokens;
  s.matchedLines = best.lines;
  s.paths = best.paths;
  if (!seen) return { score: SUSPECT.contentUnread, against: 1, note: 'its diff could not be read' };
  const against = allDocs ? SUSPECT.docsOnlyFactor : 1;
  const note = allDocs
    ? 'it only touches docs or tests'
    : best.tokens.length
      ? `its change mentions ${best.tokens.slice(0, 5).join(', ')}`
      : 'its change shares no words with the errors';
  return { score: best.score, against, note };
}

export function rankSuspects(
  candidates: Suspect[],
  sym: SymptomAnalysis,
  details: Map<string, Cited<CommitDetailOutput>>,
  incident: string,
): Suspect[] {
  const vocab = symptomVocabulary(sym, incident);
  const docFreq = new Map<string, number>();
  let docCount = 0;
  for (const [, d] of details) {
    docCount++;
    for (const t of new Set(tokenize(commitText(d.value).text))) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
  }
  for (const s of candidates) {
    const t = scoreTime(s, sym);
    const v = scoreService(s, sym);
    const c = scoreContent(s, details, vocab, docFreq, Math.max(docCount, 1));
    s.parts = { time: t.score, service: v.score, content: c.score, against: c.against };
    s.score =
      (SUSPECT.weightTime * t.score + SUSPECT.weightPlace * v.score + SUSPECT.weightContent * c.score) * c.against;
    s.notes = [t.note, v.note, c.note];
  }
  return [...candidates].sort((a, b) => b.score - a.score || b.time - a.time);
}

/** A cheap first pass (time and service only) to choose whose diffs are worth fetching. */
export function preselect(candidates: Suspect[], sym: SymptomAnalysis, max: number): Suspect[] {
  return [...candidates]
    .map((s) => ({
      s,
      pre: SUSPECT.weightTime * scoreTime(s, sym).score + SUSPECT.weightPlace * scoreService(s, sym).score,
    }))
    .sort((a, b) => b.pre - a.pre)
    .slice(0, max)
    .map((x) => x.s);
}
