// Which analyst investigates: the engine alone, or a model over the engine's findings. `auto` is resolved here,
// once per run, from the configuration read at start-up; the CLI and the service both ask this module.
import { LLM_CHOICES, PROVIDERS, resolveProvider, type Env, type ProviderConfig } from '../llm/config.js';

/** What a service request's `llm` may name: the CLI's --llm choices, and `engine` (the same as none). */
export const ANALYST_CHOICES = ['engine', ...LLM_CHOICES] as const;

export type AnalystPlan =
  | {
      kind: 'engine';
      /** Shown in progress: "<label> analyzing with MCP tools...". */
      label: string;
      /** A model was asked for but cannot be configured: the engine answers, and the report says why. */
      failure?: { provider: string; error: unknown };
    }
  | { kind: 'llm'; label: string; config: ProviderConfig };

export const ENGINE_PLAN: AnalystPlan = { kind: 'engine', label: 'Engine' };

/**
 * The analyst for `choice` (auto, none, engine or a provider). Throws a configuration error naming the missing
 * setting when a model is asked for (or auto finds one) that cannot work: the CLI stops before any server starts.
 */
export function planAnalyst(choice: string, env: Env, model?: string): AnalystPlan {
  if (choice === 'engine') return ENGINE_PLAN;
  const config = resolveProvider(env, choice, model);
  return config ? { kind: 'llm', label: `${PROVIDERS[config.kind].name} (${config.model})`, config } : ENGINE_PLAN;
}

/**
 * planAnalyst that never throws: a model that cannot be configured leaves the engine, with the reason (the service).
 */
export function planAnalystOrEngine(choice: string, env: Env, model?: string): AnalystPlan {
  try {
    return planAnalyst(choice, env, model);
  } catch (error) {
    return { kind: 'engine', label: ENGINE_PLAN.label, failure: { provider: choice, error } };
  }
}
