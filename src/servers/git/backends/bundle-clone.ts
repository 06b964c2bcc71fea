// Where a git bundle is cloned to be read. A bundle never changes under its content hash, so its clone is kept in a
// per-user cache and the next run on the same incident (the usual case: a question asked again, or with --llm)
// reads it without cloning again. When no safe cache directory can be had, the clone is private to this process
// and removed when it ends.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-cli.js';

/** A cached clone not used for this long is removed when another is made: the cache holds recent incidents. */
const UNUSED_FOR_MS = 7 * 86_400_000;

export interface BundleClone {
  /** The clone's work tree (no checkout): what git reads. */
  repoDir: string;
  /** Removes a private clone; undefined for a cached one, which stays for the next run. */
  cleanup?: () => Promise<void>;
}

async function contentHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The cache directory, created if missing, or null when it is not safe to use: it must be a real directory that
 * this user owns and nobody else can write to or read, since its clones are trusted as the incident's history.
 */
export async function bundleCacheDir(): Promise<string | null> {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `incident-pilot-${uid ?? 'user'}`, 'bundles');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const d of [join(dir, '..'), dir]) {
      const s = await lstat(d);
      if (!s.isDirectory() || (uid !== undefined && s.uid !== uid) || (s.mode & 0o077) !== 0) return null;
    }
    return dir;
  } catch {
    return null;
  }
}

/** Clones the bundle, or finds the clone an earlier run made of the same content. */
export async function cloneBundle(bundlePath: string): Promise<BundleClone> {
  const cache = await bundleCacheDir();
  if (!cache) return privateClone(bundlePath);
  const repoDir = join(cache, await contentHash(bundlePath));
  // A finished clone is renamed into place whole, so one that exists is complete.
  if (existsSync(repoDir)) {
    const now = new Date();
    await utimes(repoDir, now, now).catch(() => {}); // used: kept by the pruning below
    return { repoDir };
  }
  const work = await mkdtemp(join(cache, '.cloning-'));
  try {
    await runGit(work, ['clone', '--quiet', '--no-checkout', bundlePath, join(work, 'repo')]);
    await rename(join(work, 'repo'), repoDir).catch((err: NodeJS.ErrnoException) => {
      // Another run cloned the same bundle at the same time: use theirs.
      if (!existsSync(repoDir)) throw err;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await pruneUnused(cache, repoDir);
  return { repoDir };
}

/** Removes the clones (and abandoned work directories) of the cache not used for UNUSED_FOR_MS. */
async function pruneUnused(cache: string, keep: string): Promise<void> {
  const before = Date.now() - UNUSED_FOR_MS;
  for (const name of await readdir(cache).catch(() => [])) {
    const path = join(cache, name);
    if (path === keep) continue;
    const s = await stat(path).catch(() => null);
    if (s && s.mtimeMs < before) await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

/** A clone in a fresh temporary directory, removed by cleanup() or when the process exits. */
async function privateClone(bundlePath: string): Promise<BundleClone> {
  const dir = await mkdtemp(join(tmpdir(), 'incident-pilot-bundle-'));
  const repoDir = join(dir, 'repo');
  try {
    await runGit(dir, ['clone', '--quiet', '--no-checkout', bundlePath, repoDir]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // A process that exits without close() (a killed client) still removes the clone.
  const removeOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  return {
    repoDir,
    cleanup: async () => {
      process.off('exit', removeOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
