// Tokenising and variable masking in one left-to-right pass over the characters (no per-line regexes):
// the miner only ever compares the masked tokens, so every variable kind must collapse to the same `<*>`.

export const WILDCARD = '<*>';

/** Tokens kept per message; the rest of a longer message becomes one trailing `<*>`. */
const MAX_TOKENS = 256;

export interface MaskedMessage {
  /** Tokens in order; variables are `<*>`. */
  tokens: string[];
  /** glue[i] is true when token i followed the previous one without whitespace (used only to render text). */
  glue: boolean[];
}

const enum Kind {
  Other = 0,
  Space = 1,
  Digit = 2,
  Delim = 4, // splits a word into tokens: = , ; : ( ) [ ] { } |
  NumLike = 8, // may appear inside a numeric-looking word: hex letters . : - _ / + , T Z x
  Quote = 16,
  Trail = 32, // stripped from a word's end before whole-word checks: . , ; : ) ] } > ! ? " '
  Special = 64, // needed by a whole-word variable without digits (URL, path, e-mail): @ / \ :
}

// Units that belong to the number before them (sizes and durations).
const UNITS = new Set(
  'b kb mb gb tb pb kib mib gib tib byte bytes ns us µs ms s sec secs second seconds min mins minute minutes h hr hrs hour hours'.split(
    ' ',
  ),
);

const DATE_WORDS = new Set(
  (
    'Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August September October November December ' +
    'Mon Tue Wed Thu Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday'
  ).split(' '),
);

const CLASS = new Uint8Array(128);
function setClass(chars: string, kind: number): void {
  for (const ch of chars) CLASS[ch.charCodeAt(0)] |= kind;
}
setClass(' \t\r\n\f\v', Kind.Space);
setClass('0123456789', Kind.Digit | Kind.NumLike);
setClass('=,;:()[]{}|', Kind.Delim);
setClass('abcdefABCDEF.:-_/+,TZx', Kind.NumLike);
setClass('"\'`', Kind.Quote);
setClass('.,;:)]}>!?"\'', Kind.Trail);
setClass('@/\\:', Kind.Special);

function classOf(code: number): number {
  // Non-ASCII letters count as word characters.
  return code < 128 ? CLASS[code] : code === 0xa0 ? Kind.Space : Kind.Other;
}

/**
 * Splits a message into tokens and replaces variables (numbers, ids, IPs, paths, URLs, quoted and key=value values...)
 * by `<*>`.
 */
export function maskTokens(message: string): MaskedMessage {
  const out: Builder = { tokens: [], glue: [], glued: false, inDate: false };
  const n = message.length;
  let pos = 0;

  while (pos < n) {
    if (out.tokens.length >= MAX_TOKENS) {
      // A huge message (a dumped payload) is templated by its head; the rest is one variable.
      emit(out, WILDCARD);
      break;
    }
    const code = message.charCodeAt(pos);
    const cls = classOf(code);
    if (cls & Kind.Space) {
      pos++;
      out.glued = false;
      continue;
    }
    if (cls & Kind.Quote && startsValue(message, pos)) {
      const close = findClosingQuote(message, pos);
      // A quoted single word is a value; quoted text with spaces (a request line, a query) is tokenised as usual.
      if (close > pos && !hasSpace(message, pos + 1, close)) {
        emit(out, WILDCARD);
        pos = close + 1;
        continue;
      }
    }
    if (cls & Kind.Quote) {
      emit(out, message[pos]);
      pos++;
      continue;
    }
    if (cls & Kind.Delim) {
      emit(out, message[pos]);
      pos++;
      continue;
    }
    // One pass finds the word's end and which character kinds it holds, so plain words skip the checks below.
    let end = pos;
    let bits = 0;
    while (end < n) {
      const c = classOf(message.charCodeAt(end));
      if (c & Kind.Space) break;
      bits |= c;
      end++;
    }
    // A request line's path is its route: keep the words, mask the ids (`GET /v2/orders/<*>`), so templates
    // tell one endpoint from another, as access logs need.
    if (
      message.charCodeAt(pos) === 47 /* / */ &&
      end - pos > 1 &&
      HTTP_METHODS.has(out.tokens[out.tokens.length - 1] ?? '')
    ) {
      emit(out, maskRoute(message.slice(pos, end)));
      pos = end;
      continue;
    }
    if (bits & (Kind.Digit | Kind.Special) || message.charCodeAt(pos) === 126 /* ~ */) {
      let stripped = end;
      while (stripped > pos + 1 && classOf(message.charCodeAt(stripped - 1)) & Kind.Trail) stripped--;
      if (isWholeVariable(message, pos, stripped)) {
        emit(out, WILDCARD);
        pos = stripped;
        continue;
      }
    }
    // A sub-token runs to the next delimiter inside the word.
    let sub = end;
    let hasDigit = (bits & Kind.Digit) !== 0;
    if (bits & Kind.Delim) {
      sub = pos;
      hasDigit = false;
      while (sub < end) {
        const c = classOf(message.charCodeAt(sub));
        if (c & Kind.Delim) break;
        if (c & Kind.Digit) hasDigit = true;
        sub++;
      }
    }
    if (sub === pos) sub = pos + 1; // never an empty token, whatever the input
    // A trailing full stop is punctuation, not part of the word.
    let wordEnd = sub;
    if (
      wordEnd - pos > 1 &&
      message.charCodeAt(wordEnd - 1) === 46 /* . */ &&
      (wordEnd === end || !(classOf(message.charCodeAt(wordEnd)) & Kind.Delim))
    )
      wordEnd--;
    const afterEquals = out.tokens.length > 0 && out.tokens[out.tokens.length - 1] === '=' && out.glued;
    const text = hasDigit || afterEquals ? WILDCARD : message.slice(pos, wordEnd);
    if (
      text !== WILDCARD &&
      isUpper(text.charCodeAt(0)) &&
      DATE_WORDS.has(text) &&
      isInDate(message, wordEnd, out.tokens)
    ) {
      emit(out, WILDCARD);
      out.inDate = true;
    } else emit(out, text);
    pos = wordEnd;
  }
  return { tokens: out.tokens, glue: out.glue };
}

interface Builder {
  tokens: string[];
  glue: boolean[];
  /** No whitespace since the previous token. */
  glued: boolean;
  /** The last token was a date: numbers after it (day, time, year) belong to the same value. */
  inDate: boolean;
}

/** Appends a token, folding units, restated and empty brackets, and glued or comma-separated variables into one. */
function emit(out: Builder, token: string): void {
  const { tokens, glue } = out;
  const last = tokens.length - 1;
  // A unit after a number is part of the value: `12 ms`, `3.5 KB`.
  if (last >= 0 && tokens[last] === WILDCARD && !out.glued && UNITS.has(token.toLowerCase())) {
    out.glued = true;
    return;
  }
  // A bracketed value right after a value restates it: `5 bytes (1.2 KB)`, `10 (0xa)`.
  if (
    (token === ')' || token === ']') &&
    last >= 2 &&
    tokens[last] === WILDCARD &&
    tokens[last - 1] === (token === ')' ? '(' : '[') &&
    tokens[last - 2] === WILDCARD
  ) {
    tokens.length -= 2;
    glue.length -= 2;
    out.glued = true;
    return;
  }
  // An empty bracket after a value is an empty value: `from 10.0.0.1 ()`.
  if (
    (token === ')' || token === ']') &&
    last >= 1 &&
    tokens[last] === (token === ')' ? '(' : '[') &&
    tokens[last - 1] === WILDCARD
  ) {
    tokens.length -= 1;
    glue.length -= 1;
    out.glued = true;
    return;
  }
  if (token === WILDCARD) {
    // Glued variables (`0x1f/2`) and comma lists (`a1, b2, c3`) become one variable so token counts agree;
    // variables apart by a space stay apart (`GET <*> <*> <*>` keeps path, status and latency positions).
    if (last >= 0 && tokens[last] === WILDCARD && (out.glued || out.inDate)) {
      out.glued = true;
      return;
    }
    if (last >= 1 && tokens[last] === ',' && tokens[last - 1] === WILDCARD) {
      tokens.pop();
      glue.pop();
      out.glued = true;
      return;
    }
  }
  out.inDate = false;
  tokens.push(token);
  glue.push(out.glued && tokens.length > 1);
  out.glued = true;
}

/** A month or weekday name is part of a date when a number or another date word is next to it. */
function isInDate(message: string, wordEnd: number, tokens: readonly string[]): boolean {
  if (tokens.length > 0 && tokens[tokens.length - 1] === WILDCARD) return true;
  let i = wordEnd;
  while (i < message.length && (classOf(message.charCodeAt(i)) & Kind.Space || message.charCodeAt(i) === 44)) i++;
  if (i < message.length && classOf(message.charCodeAt(i)) & Kind.Digit) return true;
  let j = i;
  while (j < message.length && isLetter(message.charCodeAt(j))) j++;
  return j > i && DATE_WORDS.has(message.slice(i, j));
}

function hasSpace(message: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (classOf(message.charCodeAt(i)) & Kind.Space) return true;
  return false;
}

/** A quote opens a value only at a word start or right after a delimiter (so `don't` stays a word). */
function startsValue(message: string, pos: number): boolean {
  if (pos === 0) return true;
  const prev = classOf(message.charCodeAt(pos - 1));
  return (prev & (Kind.Space | Kind.Delim)) !== 0;
}

/** The matching quote that ends a value (followed by a word end or punctuation), or -1. */
function findClosingQuote(message: string, open: number): number {
  const quote = message.charCodeAt(open);
  const limit = Math.min(message.length, open + 512);
  for (let i = open + 1; i < limit; i++) {
    if (message.charCodeAt(i) !== quote) continue;
    if (i + 1 >= message.length) return i;
    const next = classOf(message.charCodeAt(i + 1));
    if (next & (Kind.Space | Kind.Trail | Kind.Delim)) return i;
  }
  return -1;
}

/**
 * Whole-word variables: URLs, paths, e-mails, and numeric-looking words (IPs with ports, IPv6, dates, times, UUIDs,
 * hex).
 */
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** A path segment that is an id, not a route word: digits, long hex, a uuid, or an opaque token. */
const ID_SEGMENT = /\d|^[0-9a-f]{8,}$|^[A-Za-z0-9_-]{20,}$/;

/** `/v2/orders/1234/items?x=1` -> `/v2/orders/<*>/items`: the route with its ids masked and the query dropped. */
function maskRoute(path: string): string {
  const [route] = path.split(/[?#]/);
  return (
    route
      .split('/')
      .map((seg) => (ID_SEGMENT.test(seg) && !/^v\d+$/.test(seg) ? WILDCARD : seg))
      .join('/') || '/'
  );
}

function isWholeVariable(message: string, start: number, end: number): boolean {
  const len = end - start;
  if (len <= 0) return false;
  const first = message.charCodeAt(start);
  // Paths: /a/b, ~/x, ./x, C:\x
  if (first === 47 /* / */ && len > 1) return true;
  const second = len > 1 ? message.charCodeAt(start + 1) : 0;
  if ((first === 126 /* ~ */ || first === 46) /* . */ && second === 47 && len > 2) return true;
  if (len > 2 && second === 58 /* : */ && message.charCodeAt(start + 2) === 92 /* \ */ && isLetter(first)) return true;
  let hasDigit = false;
  let numeric = true;
  let at = -1;
  let dotAfterAt = -1;
  let firstDot = -1;
  let lastColon = -1;
  let digitsAfterColon = true;
  for (let i = start; i < end; i++) {
    const code = message.charCodeAt(i);
    const cls = classOf(code);
    if (cls & Kind.Digit) hasDigit = true;
    else if (lastColon >= 0) digitsAfterColon = false;
    if (!(cls & Kind.NumLike)) numeric = false;
    if (code === 46) {
      if (firstDot < 0) firstDot = i;
      if (at >= 0 && dotAfterAt < 0) dotAfterAt = i;
    } else if (code === 64 /* @ */ && at < 0) at = i;
    else if (code === 58 /* : */) {
      // `://` marks a URL.
      if (i + 2 < end && message.charCodeAt(i + 1) === 47 && message.charCodeAt(i + 2) === 47) return true;
      lastColon = i;
      digitsAfterColon = true;
    }
  }
  if (hasDigit && numeric) return true;
  // `host.name:8080`: a dotted name with a numeric port.
  if (lastColon > start && lastColon < end - 1 && digitsAfterColon && firstDot > start && firstDot < lastColon)
    return true;
  // e-mail: `name@domain.tld`
  return at > start && dotAfterAt > at + 1 && dotAfterAt < end - 1;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Renders tokens back to text, keeping the original spacing. */
export function renderTokens(tokens: readonly string[], glue: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) out += i > 0 && !glue[i] ? ` ${tokens[i]}` : tokens[i];
  return out;
}

/** The message with its variables replaced by `<*>`, e.g. `Connection from <*> closed after <*>`. */
export function maskMessage(message: string): string {
  const { tokens, glue } = maskTokens(message);
  return renderTokens(tokens, glue);
}
