// The report as Markdown, for tickets and postmortems: same content as the terminal rendering.
import type { Report } from './schema.js';
import { describeBlame, describeRecovery, formatConfidence } from './terminal.js';

/** A table cell: pipes and newlines would break the row. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
}

export function renderMarkdown(report: Report): string {
  const rc = report.rootCause;
  const out: string[] = [`# Incident analysis: ${report.incident}`, ''];
  out.push(
    `Window ${report.window.from} to ${report.window.to}; onset ${report.onset ?? 'not found'}; analyst ${report.analyst}.`,
  );
  const sources = Object.entries(report.sources);
  if (sources.length) out.push(`Sources: ${sources.map(([k, v]) => `${k} ${v}`).join(', ')}.`);

  out.push('', '## Root cause', '', `**${rc.summary}**`, '');
  out.push(`- Category: ${rc.category}`);
  out.push(`- Service: ${rc.service ?? '-'}`);
  out.push(`- Deployment: ${rc.deployment ?? '-'}`);
  out.push(`- Commit: ${rc.commit ? code(rc.commit) : '-'}`);
  if (rc.dependency) out.push(`- Dependency: ${rc.dependency}`);
  out.push(`- Confidence: ${formatConfidence(rc.confidence)}`);
  if (report.recovery) out.push(`- Status: ${describeRecovery(report.recovery)}`);
  if (rc.reasons?.length) out.push(...rc.reasons.map((r) => `  - ${r}`));
  if (report.diff?.length) out.push('', '```diff', ...report.diff, '```');

  out.push('', '## Timeline', '');
  if (report.timeline.length)
    out.push(
      ...table(
        ['Time', 'Source', 'Event'],
        report.timeline.map((e) => [e.time, e.source, e.event]),
      ),
    );
  else out.push('_No events._');

  out.push('', '## Evidence', '');
  if (!report.evidence.length) out.push('_None._');
  for (const ev of report.evidence)
    out.push(`- **${ev.source}** (${code(ev.tool)}): ${ev.summary}${ev.ref ? ` — ${code(ev.ref)}` : ''}`);

  out.push('', '## Recommendations', '');
  if (!report.recommendations.length) out.push('_None._');
  report.recommendations.forEach((r, i) => out.push(`${i + 1}. ${r}`));

  out.push('', '## Hypotheses', '');
  if (report.hypotheses.length) {
    out.push(
      ...table(
        ['#', 'Summary', 'Blames', 'Confidence'],
        report.hypotheses.map((h, i) => [String(i + 1), h.summary, describeBlame(h), formatConfidence(h.confidence)]),
      ),
    );
  } else out.push('_None._');

  if (report.narrative) out.push('', '## Narrative', '', report.narrative);
  if (report.warnings?.length) out.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`));

  out.push('', '## Tool calls', '');
  if (report.toolCalls.length) {
    out.push(
      ...table(
        ['#', 'Server', 'Tool', 'Arguments', 'OK', 'ms', 'Result'],
        report.toolCalls.map((c, i) => [
          String(i + 1),
          c.server,
          c.tool,
          JSON.stringify(c.arguments),
          c.ok ? 'yes' : 'no',
          String(c.durationMs),
          c.summary ?? '',
        ]),
      ),
    );
  } else out.push('_None._');
  return `${out.join('\n')}\n`;
}
