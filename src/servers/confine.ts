// Keeps a file a tool names inside the server's data directory: one plain name, and no symlink out of the directory.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ToolError } from '../mcp/tool.js';

/** True for one path component a user may name: no separator, no NUL, not "." or "..". */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * Reads `dir/name` when its real path (symlinks resolved) lies inside the real `root`; null when there is
 * no such file. A name with a separator or "..", or a symlink leading out of `root`, is a tool error.
 */
export async function readFileInside(root: string, dir: string, name: string, what: string): Promise<string | null> {
  if (!isPlainFileName(name))
    throw new ToolError(`${what}: ${JSON.stringify(name)} is not a plain name (no "/", "\\", ".." or NUL)`);
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(dir, name));
  } catch {
    return null;
  }
  const rel = relative(realRoot, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    throw new ToolError(`${what}: ${JSON.stringify(name)} leads outside the data directory; refused`);
  return readFile(real, 'utf8');
}
