// The numbered-step progress of `analyze` on stderr, in the seed's layout; colour only on a TTY without NO_COLOR.
import type { RouterEvent } from '../client/router.js';
import type { ToolCallRecord } from '../report/schema.js';
import { makeStyle, RULE, type Style } from '../report/terminal.js';

export const TOTAL_STEPS = 6;

export interface TextSink {
  write(text: string): unknown;
}

/** "logs" -> "Logs Server": the seed's way of naming a server. */
export function displayServerName(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} Server`;
}

/** One line of arguments, short enough for a terminal. */
export function formatArguments(args: Record<string, unknown>, max = 200): string {
  const text = JSON.stringify(args);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class Progress {
  private readonly style: Style;
  private readonly pendingArgs = new Map<number, Record<string, unknown>>();

  constructor(private readonly sink: TextSink, color: boolean, private readonly quiet = false) {
    this.style = makeStyle(color);
  }

  line(text = ''): void {
    if (!this.quiet) this.sink.write(`${text}\n`);
  }

  banner(title: string, incident: string): void {
    this.line(RULE);
    this.line(this.style.bold(title));
    this.line(RULE);
    this.line('');
    this.line(`Incident: ${incident}`);
    this.line(RULE);
  }

  step(n: number, text: string): void {
    this.line('');
    this.line(this.style.bold(this.style.cyan(`[${n}/${TOTAL_STEPS}]`)) + ` ${text}`);
  }

  item(text: string): void {
    this.line(`  - ${text}`);
  }

  note(text: string): void {
    this.line(this.style.dim(`  ${text}`));
  }

  warn(text: string): void {
    this.line(this.style.yellow(`  warning: ${text}`));
  }

  /** Router events: the call is printed whole when its result arrives, so parallel calls never interleave. */
  onRouterEvent(e: RouterEvent): void {
    if (e.type === 'call') {
      this.pendingArgs.set(e.index, e.arguments);
      return;
    }
    const args = this.pendingArgs.get(e.index) ?? {};
    this.pendingArgs.delete(e.index);
    this.line('');
    this.line(`${this.style.bold(`[Tool #${e.index + 1}]`)} ${e.tool} (${e.server.toUpperCase()} server)`);
    this.line(`  Arguments: ${formatArguments(args)}`);
    const result = `${e.summary || '(empty)'} ${this.style.dim(`(${e.durationMs} ms)`)}`;
    this.line(`  Result: ${e.ok ? result : this.style.red(`error: ${result}`)}`);
  }

  complete(calls: ToolCallRecord[], serverNames: string[]): void {
    this.line('');
    this.line(RULE);
    this.line(this.style.bold(this.style.green(`[${TOTAL_STEPS}/${TOTAL_STEPS}] ANALYSIS COMPLETE`)));
    this.line(RULE);
    this.line('');
    this.line(`Total MCP tool calls: ${calls.length}`);
    const names = [...serverNames, ...calls.map((c) => c.server).filter((s) => !serverNames.includes(s))];
    for (const name of [...new Set(names)]) {
      const n = calls.filter((c) => c.server === name).length;
      const failed = calls.filter((c) => c.server === name && !c.ok).length;
      this.item(`${displayServerName(name)}: ${n} call${n === 1 ? '' : 's'}${failed ? this.style.red(` (${failed} failed)`) : ''}`);
    }
    this.line('');
  }
}
