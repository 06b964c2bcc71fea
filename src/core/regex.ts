// Safe user patterns for log search. JavaScript regexes backtrack, and a search cannot be interrupted once
// it runs, so shapes known to backtrack catastrophically are refused before compiling, and every text a
// user regex is tested on is capped in length.
import { PilotError } from './errors.js';

export interface UserPatternOptions {
  /** true: a regex; false: a literal; undefined: a regex when it has regex syntax and compiles, else a literal. */
  regex?: boolean;
  caseSensitive?: boolean;
}

export interface UserPattern {
  source: string;
  /** Whether the pattern is used as a regex (false: literal text). */
  regex: boolean;
  caseSensitive: boolean;
  test(text: string): boolean;
}

/** Longest prefix of a text a user regex is run on; bounds the cost of any polynomial backtracking. */
export const MAX_REGEX_INPUT = 8 * 1024;
export const MAX_PATTERN_LENGTH = 1000;

const META = /[\\^$.*+?()[\]{}|]/;

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export function compileUserPattern(source: string, opts: UserPatternOptions = {}): UserPattern {
  if (source.length === 0) throw new PilotError('usage', 'pattern: must not be empty');
  if (source.length > MAX_PATTERN_LENGTH) throw new PilotError('usage', `pattern: longer than ${MAX_PATTERN_LENGTH} characters`);
  const caseSensitive = opts.caseSensitive ?? false;
  const flags = caseSensitive ? '' : 'i';
  let asRegex = opts.regex ?? false;
  if (opts.regex === undefined && META.test(source)) {
    // Auto mode: regex syntax that compiles is a regex; anything else (an unbalanced "(") is literal text.
    try {
      new RegExp(source, flags);
      asRegex = true;
    } catch {
      asRegex = false;
    }
  }
  if (!asRegex) {
    const re = new RegExp(escapeRegex(source), flags); // literal: no backtracking, V8 searches it fast
    return { source, regex: false, caseSensitive, test: (text) => re.test(text) };
  }
  const problem = findBacktrackingHazard(source);
  if (problem) {
    throw new PilotError('usage', `pattern: regex ${JSON.stringify(source)} is refused: ${problem}`, {
      hint: 'rewrite it without nested or overlapping repetition, or pass regex: false to search the literal text',
    });
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new PilotError('usage', `pattern: invalid regex: ${(err as Error).message}`, { hint: 'pass regex: false to search the literal text' });
  }
  return {
    source,
    regex: true,
    caseSensitive,
    test: (text) => re.test(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text),
  };
}

interface Frame {
  /** Holds a repeated atom (directly or in a nested group). */
  repeats: boolean;
  alternation: boolean;
  /** First atom of each branch. */
  firsts: string[];
  branchStart: boolean;
  /** Adjacent repeated wide atoms (. \w [..]) with no literal between them. */
  wideRun: number;
}

const WIDE = new Set(['.', '\\w', '\\W', '\\s', '\\S', '\\d', '\\D', 'class', 'group']);

function overlaps(a: string, b: string): boolean {
  return a === b || WIDE.has(a) || WIDE.has(b);
}

/**
 * Names the first catastrophic shape in a regex source, or returns null: a repeated group that itself
 * repeats ((a+)+, (.*)*), a repeated alternation whose branches can match the same text ((a|a)*, (a|ab)+),
 * a backreference, or three adjacent repeated wildcards (.*.*.*).
 */
export function findBacktrackingHazard(source: string): string | null {
  const newFrame = (): Frame => ({ repeats: false, alternation: false, firsts: [], branchStart: true, wideRun: 0 });
  const stack: Frame[] = [newFrame()];
  let prev: { atom: string; group?: Frame } | null = null;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const frame = stack[stack.length - 1];
    const c = source[i];
    let atom: string | null = null;
    let group: Frame | undefined;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if (/[1-9]/.test(e) || (e === 'k' && source[i + 2] === '<')) return 'backreferences can backtrack exponentially';
      atom = /[wWsSdD]/.test(e) ? `\\${e}` : e === 'b' || e === 'B' ? '' : `lit:${e}`;
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < n && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      atom = 'class';
      i = j + 1;
    } else if (c === '(') {
      stack.push(newFrame());
      i++;
      if (source[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          while (i < n && source[i] !== '>') i++;
          i++;
        } else i += source[i] === '<' ? 2 : 1;
      }
      prev = null;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return null; // unbalanced: the regex engine reports it
      group = stack.pop()!;
      atom = 'group';
      i++;
    } else if (c === '|') {
      frame.alternation = true;
      frame.branchStart = true;
      frame.wideRun = 0;
      prev = null;
      i++;
      continue;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      let repeating = c !== '?';
      let j = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) {
          atom = 'lit:{';
          i++;
        } else {
          repeating = m[2] !== undefined ? m[3] === '' || Number(m[3]) > 1 : Number(m[1]) > 1;
          j = i + m[0].length;
        }
      }
      if (atom === null) {
        if (source[j] === '?' || source[j] === '+') j++; // lazy / possessive marker
        i = j;
        if (prev && repeating) {
          const g = prev.group;
          if (g && g.repeats) return 'a repeated group contains a repetition (nested quantifiers such as (a+)+ or (.*)*)';
          if (g && g.alternation && branchesOverlap(g.firsts)) return 'a repeated alternation has branches that can match the same text (such as (a|a)* or (a|ab)+)';
          frame.repeats = true;
          if (WIDE.has(prev.atom) || prev.atom.startsWith('lit:')) {
            frame.wideRun = WIDE.has(prev.atom) ? frame.wideRun + 1 : 0;
            if (frame.wideRun >= 3) return 'three or more adjacent repeated wildcards (such as .*.*.*) backtrack polynomially';
          }
        }
        prev = null;
        continue;
      }
    } else {
      atom = c === '.' ? '.' : c === '^' || c === '$' ? '' : `lit:${c}`;
      i++;
    }
    if (atom === '') continue; // anchors and word boundaries match no text
    if (frame.branchStart) {
      frame.firsts.push(atom);
      frame.branchStart = false;
    }
    if (group?.repeats) frame.repeats = true;
    // A literal between two repeated wildcards anchors them; look ahead: repeated atoms are counted when their quantifier comes.
    if (!isQuantifier(source[i])) frame.wideRun = 0;
    prev = { atom, group };
  }
  return null;
}

function isQuantifier(c: string | undefined): boolean {
  return c === '*' || c === '+' || c === '?' || c === '{';
}

function branchesOverlap(firsts: string[]): boolean {
  for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) if (overlaps(firsts[a], firsts[b])) return true;
  return false;
}
