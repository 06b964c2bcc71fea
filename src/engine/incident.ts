// What the on-call engineer (or the alert) said: which kind of symptom, where, and since when.
import type { SignalKind } from '../analysis/signals.js';
import type { AlertContext } from '../core/alert.js';

export interface IncidentContext {
  text: string;
  alert: AlertContext | null;
  /** The kind of symptom the words describe, or null when they do not say. */
  kind: SignalKind | null;
  /** When the symptom began by the alert or the text ("since 14:40"), epoch ms, or null. */
  anchor: number | null;
  /** Where the anchor came from, for the report. */
  anchorSource: 'alert' | 'text' | null;
}

// The symptom's kind from its words, most specific first.
const KIND_WORDS: Array<{ kind: SignalKind; re: RegExp }> = [
  {
    kind: 'saturation',
    re: /\blag(?:ging)?\b|\bbehind\b|\bbacklog|queue (?:is )?(?:growing|full|depth)|throttl|saturat|\bcpu\b|memory|\boom\b|disk (?:full|space)/i,
  },
  {
    kind: 'latency',
    re: /latenc|\bslow|timeouts?\b|timing out|timed out|response time|\bp9\d\b|takes? (?:too )?long|\bhang/i,
  },
  {
    kind: 'errors',
    re: /\berrors?\b|\b5\d\d\b|\b5xx\b|fail|availability|unavailable|exception|crash|refused|\bdown\b|outage|broken/i,
  },
  {
    kind: 'throughput',
    re: /throughput|traffic (?:drop|fell|down)|fewer requests|no (?:orders|requests|traffic)|stopped processing|not processing|drop in (?:orders|requests|traffic)/i,
  },
];

function symptomKindOf(text: string): SignalKind | null {
  for (const { kind, re } of KIND_WORDS) if (re.test(text)) return kind;
  return null;
}

/** "since 14:40", "from 09:05 UTC", "at 2:40pm", "started 14:40": the clock time, on the day of `reference`. */
const CLOCK_RE =
  /\b(?:since|from|at|around|started(?: at)?|starting(?: at)?|beginning(?: at)?)\s+(\d{1,2})[:h.](\d{2})(?:\s*([ap])\.?m\.?)?(?:\s*(?:utc|z|gmt))?\b/i;

/**
 * The clock time the text names, placed on the day of `reference` (the end of the data): a time later than the
 * reference belongs to the day before. Times in the text are read as UTC, like every time in the report.
 */
function timeInText(text: string, reference: number): number | null {
  const m = CLOCK_RE.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  if (m[3]) {
    const pm = m[3].toLowerCase() === 'p';
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  if (hour > 23 || minute > 59) return null;
  const day = new Date(reference);
  let t = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
  if (t > reference) t -= 86_400_000;
  return t;
}

export function readIncident(text: string, alert: AlertContext | null, dataEnd: number): IncidentContext {
  const fromText = timeInText(text, dataEnd);
  const words = `${text} ${alert?.alertname ?? ''}`;
  return {
    text,
    alert,
    kind: symptomKindOf(words) ?? (alert ? symptomKindOf(Object.values(alert.labels).join(' ')) : null),
    anchor: alert?.startsAt ?? fromText,
    anchorSource: alert ? 'alert' : fromText !== null ? 'text' : null,
  };
}

/** Identifiers that look like component names: checkout-api, orders_db, PaymentService. */
const NAME_LIKE = /\b[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z0-9]+\b/g;

export interface DescribedCheck {
  /** The component the text or alert names, as the data spells it (null when it names none we know). */
  component: string | null;
  /** Whether the data shows the described kind of symptom there. */
  shown: boolean;
  warning: string | null;
}

/**
 * Does the data show what the engineer described? A named component that the data does not hold, or whose
 * described signal did not move, is said plainly, so the report never quietly answers about something else.
 * `moved(component, kind)`: whether that component's signal of that kind (or its logs) shows the symptom.
 */
export function checkDescribedSymptom(
  ctx: IncidentContext,
  known: readonly string[],
  named: readonly string[],
  moved: (component: string, kind: SignalKind | null) => boolean | null,
): DescribedCheck {
  const lower = new Set(known.map((k) => k.toLowerCase()));
  const unknown = [...new Set(ctx.text.match(NAME_LIKE) ?? [])].filter(
    (n) =>
      !lower.has(n.toLowerCase()) && !known.some((k) => k.toLowerCase().includes(n.toLowerCase())) && /[-_]/.test(n),
  );
  const component = named[0] ?? null;
  if (!component) {
    if (unknown.length)
      return {
        component: null,
        shown: false,
        warning: `The incident names ${unknown.slice(0, 3).join(', ')}, which is not in the data (no logs, metrics, graph or deployments name it); the report below is about what the data shows.`,
      };
    return { component: null, shown: true, warning: null };
  }
  const shows = moved(component, ctx.kind);
  if (shows === false) {
    const what = ctx.kind
      ? `${ctx.kind === 'errors' ? 'errors' : ctx.kind} in ${component}`
      : `a failure in ${component}`;
    return {
      component,
      shown: false,
      warning: `The described symptom is not in the data: no change in ${what} around the onset. The report below is about what did change.`,
    };
  }
  return { component, shown: true, warning: null };
}
