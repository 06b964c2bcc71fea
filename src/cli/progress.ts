// The numbered-step progress of `analyze` on stderr, in the seed's layout; colour only on a TTY without NO_COLOR.
import type { ToolCallEvent as RouterEvent } from '../client/recorder.js';
import type { ToolCallRecord } from '../report/schema.js';
import { makeStyle, RULE, type Style } from '../report/terminal.js';

const TOTAL_STEPS = 6;

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
  /** Calls started and not yet printed, by number; `order` holds their numbers ascending (calls start in order). */
  private readonly pending = new Map<
    number,
    { args: Record<string, unknown>; result?: Extract<RouterEvent, { type: 'result' }> }
  >();
  private readonly order: number[] = [];

  constructor(
    private readonly sink: TextSink,
    color: boolean,
    private readonly quiet = false,
  ) {
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

  /**
   * Router events. A call is printed whole when its result arrives, so parallel calls never interleave, and in
   * the order of its number (the report's toolCalls order): a finished call waits for the calls started before it.
   */
  onRouterEvent(e: RouterEvent): void {
    if (e.type === 'call') {
      this.pending.set(e.index, { args: e.arguments });
      this.order.push(e.index);
      return;
    }
    const entry = this.pending.get(e.index) ?? { args: {} };
    entry.result = e;
    if (!this.pending.has(e.index)) {
      this.pending.set(e.index, entry);
      this.order.push(e.index);
      this.order.sort((a, b) => a - b);
    }
    this.flushInOrder();
  }

  private flushInOrder(): void {
    while (this.order.length) {
      const index = this.order[0];
      const entry = this.pending.get(index);
      if (!entry?.result) return;
      this.order.shift();
      this.pending.delete(index);
      this.printCall(entry.args, entry.result);
    }
  }

  private printCall(args: Record<string, unknown>, e: Extract<RouterEvent, { type: 'result' }>): void {
    this.line('');
    this.line(`${this.style.bold(`[Tool #${e.index + 1}]`)} ${e.tool} (${e.server.toUpperCase()} server)`);
    this.line(`  Arguments: ${formatArguments(args)}`);
    const result = `${e.summary || '(empty)'} ${this.style.dim(`(${e.durationMs} ms)`)}`;
    this.line(`  Result: ${e.ok ? result : this.style.red(`error: ${result}`)}`);
  }

  complete(calls: ToolCallRecord[], serverNames: string[]): void {
    // A call whose result never came (abandoned by its analyst) no longer holds back the ones after it.
    for (const index of this.order.splice(0)) {
      const entry = this.pending.get(index);
      if (entry?.result) this.printCall(entry.args, entry.result);
    }
    this.pending.clear();
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
      this.item(
        `${displayServerName(name)}: ${n} call${n === 1 ? '' : 's'}${failed ? this.style.red(` (${failed} failed)`) : ''}`,
      );
    }
    this.line('');
  }
}
