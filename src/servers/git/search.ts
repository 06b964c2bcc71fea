// search_commits matching: case-insensitive literal words, all of which must appear somewhere in a commit.
import type { Commit } from '../../core/types.js';

export type MatchField = 'message' | 'paths' | 'diff';
const MAX_SNIPPETS = 5;
const MAX_SNIPPET_CHARS = 200;

export interface CommitMatch {
  matchedIn: MatchField[];
  snippets: string[];
}

export function splitQuery(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Lines of the commit's patches that were added or removed (with their sign). */
function diffLines(c: Commit): string[] {
  const out: string[] = [];
  for (const f of c.files) {
    if (!f.patch) continue;
    for (const line of f.patch.split('\n')) {
      if ((line.startsWith('+') || line.startsWith('-')) && !line.startsWith('+++') && !line.startsWith('---'))
        out.push(line);
    }
  }
  return out;
}

/** The match of every word in `words` across the chosen fields, or null when a word is missing. */
export function matchCommit(c: Commit, words: string[], fields: ReadonlySet<MatchField>): CommitMatch | null {
  const sources: Array<[MatchField, string[]]> = [];
  if (fields.has('message')) sources.push(['message', c.message.split('\n').filter((l) => l.trim())]);
  if (fields.has('paths')) sources.push(['paths', c.files.map((f) => f.path)]);
  if (fields.has('diff')) sources.push(['diff', diffLines(c)]);
  const matchedIn = new Set<MatchField>();
  const snippets: string[] = [];
  for (const word of words) {
    let found = false;
    for (const [field, lines] of sources) {
      for (const line of lines) {
        if (!line.toLowerCase().includes(word)) continue;
        found = true;
        matchedIn.add(field);
        const snippet = clip(line.replace(/\s+$/, ''));
        if (snippets.length < MAX_SNIPPETS && !snippets.includes(snippet)) snippets.push(snippet);
      }
    }
    if (!found) return null;
  }
  return { matchedIn: (['message', 'paths', 'diff'] as const).filter((f) => matchedIn.has(f)), snippets };
}

function clip(line: string): string {
  return line.length > MAX_SNIPPET_CHARS ? `${line.slice(0, MAX_SNIPPET_CHARS)}...` : line;
}
