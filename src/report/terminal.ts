// The report for a human at a terminal: the seed's layout (Timeline, Root Cause, Evidence, Recommendations).
import type { Hypothesis, Recovery, Report } from './schema.js';

/** ANSI styling that collapses to plain text when colour is off (not a TTY, or NO_COLOR). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function makeStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Colour only for a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function shouldColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined;
}

export const RULE = '='.repeat(70);

/** `14:25`, with the date in front when the events span more than one day. */
export function formatEventTime(iso: string, multiDay: boolean): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms).toISOString();
  return multiDay ? `${d.slice(0, 10)} ${d.slice(11, 16)}` : d.slice(11, 16);
}

function spansDays(times: string[]): boolean {
  const days = new Set(
    times.map((t) => (Number.isNaN(Date.parse(t)) ? t : new Date(Date.parse(t)).toISOString().slice(0, 10))),
  );
  return days.size > 1;
}

export function formatConfidence(c: number): string {
  return `${Math.round(c * 100)}%`;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** One line naming what a hypothesis blames, for the hypotheses list. */
export function describeBlame(h: Hypothesis): string {
  const parts = [
    h.category,
    h.service,
    h.deployment,
    h.commit ? h.commit.slice(0, 12) : null,
    h.dependency ? `dependency ${h.dependency}` : null,
  ];
  return parts.filter((p): p is string => Boolean(p)).join(', ');
}

/** "stopped at 2025-01-15T15:05:00Z after the rollback to checkout-api v2.4.0": the same words in every rendering. */
export function describeRecovery(r: Recovery): string {
  const how =
    r.by === 'rollback'
      ? `after the rollback${r.change ? ` to ${r.change}` : ''}`
      : r.by === 'deployment'
        ? `after a later deployment${r.change ? ` (${r.change})` : ''}`
        : `with nothing known to have stopped it${r.change ? ` (${r.change})` : ''}`;
  return `recovered: the symptoms stopped at ${r.at} ${how}`;
}

function confidenceColor(style: Style, c: number): (s: string) => string {
  return c >= 0.7 ? style.green : c >= 0.4 ? style.yellow : style.red;
}

export function renderTerminal(report: Report, opts: { color?: boolean } = {}): string {
  const s = makeStyle(opts.color ?? false);
  const out: string[] = [];
  const heading = (t: string) => out.push('', s.bold(`${t}:`));
  out.push(RULE, s.bold('ROOT CAUSE ANALYSIS'), RULE, '');
  out.push(`Incident: ${report.incident}`);
  out.push(`Window:   ${report.window.from} -> ${report.window.to}${report.onset ? `   Onset: ${report.onset}` : ''}`);
  const sources = Object.entries(report.sources);
  if (sources.length)
    out.push(`Sources:  ${sources.map(([k, v]) => (v === 'ok' ? `${k} ok` : s.dim(`${k} ${v}`))).join(', ')}`);
  out.push(`Analyst:  ${report.analyst}`);

  heading('Timeline');
  if (!report.timeline.length) out.push(s.dim('- (no events)'));
  const multiDay = spansDays(report.timeline.map((e) => e.time));
  for (const e of report.timeline)
    out.push(`- ${s.cyan(formatEventTime(e.time, multiDay))}: ${e.event} ${s.dim(`[${e.source}]`)}`);

  const rc = report.rootCause;
  heading('Root Cause');
  out.push(s.bold(rc.summary));
  out.push(`  Category:   ${rc.category}`);
  out.push(`  Service:    ${rc.service ?? '-'}`);
  out.push(`  Deployment: ${rc.deployment ?? '-'}`);
  out.push(`  Commit:     ${rc.commit ?? '-'}`);
  if (rc.dependency) out.push(`  Dependency: ${rc.dependency}`);
  out.push(`  Confidence: ${confidenceColor(s, rc.confidence)(formatConfidence(rc.confidence))}`);
  if (report.recovery) out.push(`  Status:     ${s.green(describeRecovery(report.recovery))}`);
  for (const r of rc.reasons ?? []) out.push(s.dim(`    because ${r}`));

  if (report.diff?.length) {
    heading('Diff');
    for (const line of report.diff)
      out.push(`  ${line.startsWith('+') ? s.green(line) : line.startsWith('-') ? s.red(line) : line}`);
  }

  heading('Evidence');
  if (!report.evidence.length) out.push(s.dim('- (none)'));
  for (const ev of report.evidence)
    out.push(`- ${capitalize(ev.source)}: ${ev.summary}${ev.ref ? s.dim(` (${ev.ref})`) : ''}`);

  heading('Recommendations');
  if (!report.recommendations.length) out.push(s.dim('(none)'));
  report.recommendations.forEach((r, i) => out.push(`${i + 1}. ${r}`));

  const others = report.hypotheses.slice(report.hypotheses[0]?.summary === rc.summary ? 1 : 0);
  if (others.length) {
    heading('Other hypotheses');
    for (const h of others)
      out.push(`- ${h.summary} ${s.dim(`(${describeBlame(h)})`)} ${formatConfidence(h.confidence)}`);
  }
  if (report.narrative) {
    heading('Narrative');
    out.push(report.narrative);
  }
  if (report.warnings?.length) {
    heading('Warnings');
    for (const w of report.warnings) out.push(s.yellow(`- ${w}`));
  }
  out.push('', RULE);
  return `${out.join('\n')}\n`;
}
