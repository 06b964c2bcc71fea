// The last step: no tools, the answer now.
import { ANSWER_SHAPE } from './system.js';

export function buildFinalPrompt(reason: string): string {
  return [
    `${reason} Stop calling tools and give your final answer now, from what the tool results showed.`,
    'Reply with only this JSON object:',
    ANSWER_SHAPE,
  ].join('\n');
}
