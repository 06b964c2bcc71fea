// A tool declared once, as data. The wrapper in server.ts owns validation, timing, error mapping and rendering.
import type { z } from 'zod';

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What a running tool may use besides its arguments. */
export interface ToolContext {
  signal?: AbortSignal;
  /** Who called (service mode: token subject; stdio: "stdio"). For audit logs. */
  caller?: string;
  /** Asks the user to confirm a write through MCP elicitation; undefined when the client cannot. */
  confirm?: (message: string) => Promise<boolean | undefined>;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  /** Written for a model that has never seen our data: purpose, what to call before/after, argument limits. */
  description: string;
  input: I;
  output: O;
  annotations?: ToolAnnotations;
  run(args: z.infer<I>, ctx: ToolContext): Promise<z.infer<O>>;
  /** A readable rendering of the result for the text content block. */
  render(result: z.infer<O>): string;
}

// Identity with inference: lets each tool file declare input/output once and get typed run/render.
export function defineTool<I extends z.ZodObject, O extends z.ZodType>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}

/** A tool failure the model can act on (bad regex, nothing to read): becomes an isError result, not a crash. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

// Any input and output: a list of tools of different shapes (the one place that needs `any`).
export type AnyTool = ToolDefinition<any, any>;
