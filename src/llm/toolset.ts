// The MCP tools as AI SDK tools: arguments checked against each tool's JSON schema, calls through the ToolCaller,
// results trimmed.
import { jsonSchema, tool, type ToolSet } from 'ai';
import type { JSONSchema7 } from '@ai-sdk/provider';
import type { ToolCaller, ToolResult } from '../core/tool-caller.js';
import { formatToolCall, formatToolResult } from './progress.js';
import { validateAgainst } from './validate.js';

export interface ToolsetOptions {
  /** Characters of one result sent back to the model (default 6000). */
  resultBudget: number;
  onProgress: (line: string) => void;
  /** Every result the model saw, in order. */
  results: ToolResult[];
}

/** Cuts a result to the budget and says what was cut, so the model can narrow its query. */
export function trimResult(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const cut = text.length - budget;
  return `${text.slice(0, budget)}\n[… cut ${cut} of ${text.length} characters; narrow the query (service, pattern, since/until, limit) to see the rest]`;
}

/** Draft-07 shape the providers accept: an object schema, without the $schema tag some reject. */
function toProviderSchema(schema: Record<string, unknown>): JSONSchema7 {
  const { $schema: _drop, ...rest } = schema;
  return { type: 'object', properties: {}, ...rest } as JSONSchema7;
}

export function buildToolset(caller: ToolCaller, opts: ToolsetOptions): ToolSet {
  const set: ToolSet = {};
  for (const info of caller.tools()) {
    const schema = toProviderSchema(info.inputSchema);
    set[info.name] = tool({
      description: info.description,
      inputSchema: jsonSchema<Record<string, unknown>>(schema, {
        validate: (value) => {
          const errors = validateAgainst(value, schema as Record<string, unknown>);
          return errors.length
            ? {
                success: false,
                error: new Error(`invalid arguments for ${info.name}: ${errors.join('; ')}. Fix them and call again.`),
              }
            : { success: true, value: value as Record<string, unknown> };
        },
      }),
      execute: async (args: Record<string, unknown>) => {
        const res = await caller.call(info.name, args ?? {});
        opts.results.push(res);
        const [head, argLine] = formatToolCall(res.index + 1, info.name, res.server, args);
        opts.onProgress(head!);
        opts.onProgress(argLine!);
        opts.onProgress(formatToolResult(res.text, res.ok));
        return `[call ${res.index}]${res.ok ? '' : ' ERROR'} ${trimResult(res.text, opts.resultBudget)}`;
      },
    });
  }
  return set;
}
