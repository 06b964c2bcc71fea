// The warning a report carries when its model failed (or could not be configured) and the engine's analysis stands.
// Apart from fallback.ts so that engine-only runs can word it without loading the AI SDK.
import { describeError, isPilotError } from '../core/errors.js';
import { redactText } from './redact.js';

/** Messages can echo what was sent: redacted all the same. */
export function describeLlmFailure(label: string, err: unknown): string {
  // The message, then its hint after a semicolon (describeError's parentheses would nest with the hint's own).
  const text = isPilotError(err) && err.hint ? `${err.message}; ${err.hint}` : describeError(err);
  const reason = redactText(text).text.replace(/\s+/g, ' ').trim();
  const said = reason.startsWith(`${label}:`) ? reason.slice(label.length + 1).trim() : reason;
  return `the LLM investigator (${label}) failed, so this is the engine's analysis: ${said}`;
}
