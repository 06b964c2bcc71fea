// Argument guard at the gateway: no tool argument may name a path outside the configured data. The servers
// resolve paths themselves too; this is the second lock, applied to every string in every argument.
import { isAbsolute, relative, resolve } from 'node:path';

const PARENT_SEGMENT = /(^|[\\/])\.\.([\\/]|$)/;

/** The first offending argument path and why, or undefined when every string is safe. */
export function findUnsafeArgument(args: unknown, dataDir: string | undefined, path = 'arguments'): string | undefined {
  if (typeof args === 'string') {
    if (args.includes('\0')) return `${path}: contains a NUL byte`;
    if (PARENT_SEGMENT.test(args)) return `${path}: ".." path segments are not allowed`;
    if (/^(\/|[a-zA-Z]:[\\/]|~[\\/]|file:)/.test(args) && looksLikePath(args)) {
      if (!dataDir) return `${path}: absolute paths are not allowed`;
      const rel = relative(dataDir, resolve(args.replace(/^file:(\/\/)?/, '')));
      if (rel.startsWith('..') || isAbsolute(rel)) return `${path}: points outside the configured data`;
    }
    return undefined;
  }
  if (Array.isArray(args)) {
    for (const [i, v] of args.entries()) {
      const bad = findUnsafeArgument(v, dataDir, `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (args && typeof args === 'object') {
    for (const [k, v] of Object.entries(args)) {
      const bad = findUnsafeArgument(v, dataDir, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Regexes like ^/api/ start with a slash too: only strings shaped like a file path count. */
function looksLikePath(s: string): boolean {
  return !/[\s*+?()[\]{}|^$]/.test(s);
}
