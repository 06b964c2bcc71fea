// User patterns for search: regexes run in re2js, a linear-time engine with RE2 semantics, so no pattern
// can backtrack a server into a hang; literals use the native engine, which cannot backtrack on them.
import { createRequire } from 'node:module';
import type { RE2JS as Re2Engine } from 're2js';
import { PilotError } from './errors.js';

/** re2js, loaded on the first regex (most searches are literal text): it is a large module to load and compile. */
let re2js: typeof import('re2js') | undefined;
function loadRe2(): typeof Re2Engine {
  re2js ??= createRequire(import.meta.url)('re2js') as typeof import('re2js');
  return re2js.RE2JS;
}

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

/** Longest prefix of a text a user regex is run on: matching is linear, this bounds its cost per entry. */
const MAX_REGEX_INPUT = 8 * 1024;
const MAX_PATTERN_LENGTH = 1000;

const META = /[\\^$.*+?()[\]{}|]/;

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * The name of the first backtracking-only JavaScript feature in a regex source, or null. A scan, not a
 * parse: escapes and character classes are skipped so that `\\++` or `[(?=]` are not mistaken for one.
 */
export function findUnsupportedFeature(source: string): string | null {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '\\') {
      if (next !== undefined && next >= '1' && next <= '9') return 'backreferences (\\1)';
      if (next === 'k' && source[i + 2] === '<') return 'named backreferences (\\k<name>)';
      i++;
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(' && next === '?') {
      const kind = source.slice(i + 2, i + 4);
      if (kind.startsWith('=')) return 'lookahead (?=...)';
      if (kind.startsWith('!')) return 'negative lookahead (?!...)';
      if (kind === '<=') return 'lookbehind (?<=...)';
      if (kind === '<!') return 'negative lookbehind (?<!...)';
      if (kind.startsWith('>')) return 'atomic groups (?>...)';
    } else if ((c === '*' || c === '+' || c === '?' || c === '}') && next === '+') {
      return 'possessive quantifiers (a++)';
    }
  }
  return null;
}

/** Compiles with RE2 semantics; JavaScript-only escapes (\u0041, \cA, [^]) are translated first. */
function compileRe2(source: string, caseSensitive: boolean): Re2Engine | Error {
  const RE2JS = loadRe2();
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

const SHORTEST_PREFILTER = 3;

/**
 * The longest run of literal text every match must contain, or null: a regex at top level (no "|"), read
 * conservatively (groups, classes and escapes like \\d end a run; a character made optional by ?, * or {
 * leaves it). Tested first with the native engine, it skips re2js on most lines, which is ten times slower.
 */
export function findRequiredLiteral(source: string): string | null {
  let best = '';
  let run = '';
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    let literal: string | null = null;
    if (c === '\\') {
      const e = source[++i];
      if (e === undefined || /[\p{L}\p{N}\s]/u.test(e)) {
        if (e === 'Q') return best.length >= SHORTEST_PREFILTER ? best : null; // \Q...\E quoting: stop reading
        i = skipEscapeArgument(source, i);
        endRun();
        continue;
      }
      literal = e;
    } else if (c === '|') {
      return null;
    } else if (c === '(') {
      endRun();
      for (let depth = 1; depth > 0 && ++i < source.length;) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') i = skipClass(source, i);
        else if (source[i] === '(') depth++;
        else if (source[i] === ')') depth--;
      }
      continue;
    } else if (c === '[') {
      endRun();
      i = skipClass(source, i);
      continue;
    } else if (!/[\^$.*+?)\]{}]/.test(c)) {
      literal = c;
    }
    if (literal === null) {
      // Anchors and quantifiers end a run (the character before a quantifier was left out already).
      const repeat = c === '{' ? /^\{\d+(,\d*)?\}/.exec(source.slice(i)) : null;
      if (repeat) i += repeat[0].length - 1;
      endRun();
      continue;
    }
    const after = source[i + 1];
    if (after === '?' || after === '*' || after === '{') {
      endRun();
      continue;
    }
    run += literal;
    if (after === '+') endRun();
  }
  endRun();
  return best.length >= SHORTEST_PREFILTER ? best : null;
}

/**
 * Index of the last character of an escape's argument (\x41, \u{1F600}, \p{Greek}, \pL, \cA); `at` is the escape
 * letter.
 */
function skipEscapeArgument(source: string, at: number): number {
  const e = source[at];
  if (source[at + 1] === '{' && 'xupP'.includes(e)) return Math.max(at, source.indexOf('}', at));
  if (e === 'p' || e === 'P' || e === 'c') return at + 1;
  if (e === 'x' || e === 'u' || (e >= '0' && e <= '9')) {
    let i = at;
    while (/[0-9a-fA-F]/.test(source[i + 1] ?? '')) i++;
    return i;
  }
  return at;
}

/** Index of the "]" that closes the class opening at `open` (POSIX [:alpha:] inside it included). */
function skipClass(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length && source[i] !== ']'; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    }
  }
  return i;
}

/** A native case-insensitive search for a literal; 'u' folds case the way RE2 does (the Kelvin sign is a k). */
function compileLiteralTest(literal: string): (text: string) => boolean {
  const re = new RegExp(literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'iu');
  return (text) => re.test(text);
}

function compilesInJs(source: string): boolean {
  try {
    new RegExp(source); // compiling never runs the pattern: no backtracking here
    return true;
  } catch {
    return false;
  }
}

export function compileUserPattern(source: string, opts: UserPatternOptions = {}): UserPattern {
  if (source.length === 0) throw new PilotError('usage', 'pattern: must not be empty');
  if (source.length > MAX_PATTERN_LENGTH)
    throw new PilotError('usage', `pattern: longer than ${MAX_PATTERN_LENGTH} characters`);
  const caseSensitive = opts.caseSensitive ?? false;
  const wantsRegex = opts.regex ?? (META.test(source) ? undefined : false);
  if (wantsRegex !== false) {
    // Named before compiling: RE2JS.translateRegExp would turn \\k<name> into the literal "k<name>".
    const feature = findUnsupportedFeature(source);
    const re = feature ? new Error(feature) : compileRe2(source, caseSensitive);
    if (!(re instanceof Error)) {
      const required = findRequiredLiteral(source);
      const mayMatch = required ? compileLiteralTest(required) : () => true;
      return {
        source,
        regex: true,
        caseSensitive,
        test: (text) =>
          mayMatch(text) && re.test(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text),
      };
    }
    // Auto mode: text that is no regex in any dialect (an unbalanced "(") is searched literally.
    if (feature && (wantsRegex === true || compilesInJs(source))) {
      throw new PilotError(
        'usage',
        `pattern: regex ${JSON.stringify(source)} uses ${feature}, which the linear-time (RE2) regex engine does not support`,
        {
          hint: 'rewrite it without that feature (for example match the text itself instead of looking around it), or pass regex: false to search the literal text',
        },
      );
    }
    if (wantsRegex === true) {
      throw new PilotError('usage', `pattern: invalid regex (RE2 syntax): ${describeRe2Error(re)}`, {
        hint: 'pass regex: false to search the literal text',
      });
    }
  }
  const literal = new RegExp(escapeRegex(source), caseSensitive ? '' : 'i'); // a literal cannot backtrack; V8 searches it fast
  return { source, regex: false, caseSensitive, test: (text) => literal.test(text) };
}

function describeRe2Error(err: Error): string {
  return err.message.replace(/^error parsing regexp: /, '');
}
