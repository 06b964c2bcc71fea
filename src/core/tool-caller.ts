// How analysts (engine, LLM loop) reach tools: through the MCP client's router, never a backend directly.
import { z } from 'zod';

export interface ToolResult {
  server: string;
  tool: string;
  ok: boolean;
  /** structuredContent when the tool returned one. */
  structured?: unknown;
  text: string;
  durationMs: number;
  /** Index of this call in the run's toolCalls list. */
  index: number;
}

export interface ToolInfo {
  server: string;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ToolCaller {
  tools(): ToolInfo[];
  has(name: string): boolean;
  call(name: string, args: Record<string, unknown>): Promise<ToolResult>;
}

/** One tool call as the report lists it (the report's toolCalls). */
export const toolCallRecordSchema = z.object({
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  ok: z.boolean(),
  durationMs: z.number(),
  summary: z.string().optional(),
});
export type ToolCallRecord = z.infer<typeof toolCallRecordSchema>;
