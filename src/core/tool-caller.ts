// How analysts (engine, LLM loop) reach tools: through the MCP client's router, never a backend directly.

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
