// Identifier-level tokens for matching error text against change text (messages, paths, diff lines).

// Words too common in logs and commits to say anything about a cause.
const STOPWORDS = new Set(
  (
    'the and for with from into after before over under this that then than when while are was were has have had not but all any can could ' +
    'will would should its it is be been being on in at of to by as or an a no yes via per out off up down new old now get set put use used ' +
    'error errors failed failure fail fails exception warn warning info debug fatal critical request requests response responses status ' +
    'service services api http https get post put delete patch true false null undefined none value values code line file src lib test tests ' +
    'const let var return await async function func def class import export from require module index main app apps json yaml yml js ts go py java ' +
    'add adds added update updates updated fix fixes fixed change changes changed remove removed bump use make more less some other ' +
    'ms sec secs seconds minutes took took time timeout after attempt retry retrying'
  ).split(/\s+/),
);

/** Splits text into lowercase identifier parts: camelCase, snake_case, kebab-case and dotted names are broken up. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  for (const w of words) {
    if (w.length < 3 || w.length > 40) continue;
    if (/^\d+$/.test(w) || STOPWORDS.has(w)) continue;
    if (/^[0-9a-f]{8,}$/.test(w)) continue; // hashes and ids
    out.push(stem(w));
  }
  return out;
}

/** A light stemmer so connection/connections/connect and locks/locking meet. */
export function stem(word: string): string {
  let w = word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ers', 'er', 'ed', 'es', 's']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}
