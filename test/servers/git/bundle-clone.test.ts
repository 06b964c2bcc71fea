import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleCacheDir, cloneBundle } from '../../../src/servers/git/backends/bundle-clone.js';
import { createBundle, createTinyRepo } from './tiny-repo.js';

let root: string;
let bundle: string;
let tmp: string;
let savedTmpdir: string | undefined;
const log = (repoDir: string) =>
  execFileSync('git', ['log', '--all', '--format=%s'], { cwd: repoDir, encoding: 'utf8' }).trim().split('\n');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bundle-clone-test-'));
  createTinyRepo(join(root, 'repo'));
  bundle = join(root, 'a', 'repo.bundle');
  createBundle(join(root, 'repo'), bundle);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each test gets an OS temp dir of its own (os.tmpdir() reads TMPDIR on every call), so the cache starts empty and
// other test files' clones are not counted.
beforeEach(() => {
  tmp = mkdtempSync(join(root, 'tmp-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
});

describe('bundle clone', () => {
  it('is cached by content: the next open reads the same clone without cloning again, and it stays', async () => {
    const first = await cloneBundle(bundle);
    expect(first.cleanup).toBeUndefined();
    const cache = (await bundleCacheDir())!;
    expect(first.repoDir.startsWith(cache)).toBe(true);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(log(first.repoDir)).toEqual(['Raise pool size', 'Update footer', 'Add pool config', 'Initial import']);
    const inode = statSync(first.repoDir).ino;

    const again = await cloneBundle(bundle);
    expect(again.repoDir).toBe(first.repoDir);
    expect(statSync(again.repoDir).ino).toBe(inode); // not cloned and renamed into place again
    expect(readdirSync(cache)).toHaveLength(1); // no work directory left behind
  });

  it('gives a changed bundle a clone of its own', async () => {
    const before = await cloneBundle(bundle);
    const other = join(root, 'b', 'repo.bundle');
    execFileSync('git', ['commit', '--quiet', '--allow-empty', '-m', 'Hotfix'], {
      cwd: join(root, 'repo'),
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@x',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@x',
      },
    });
    createBundle(join(root, 'repo'), other);
    const after = await cloneBundle(other);
    expect(after.repoDir).not.toBe(before.repoDir);
    expect(log(after.repoDir)[0]).toBe('Hotfix');
    expect(log(before.repoDir)[0]).toBe('Raise pool size');
  });

  it('removes clones unused for a week when it makes a new one; using a clone keeps it', async () => {
    const cache = (await bundleCacheDir())!;
    const weekAgo = (Date.now() - 8 * 86_400_000) / 1000;
    const stale = join(cache, 'f'.repeat(32));
    mkdirSync(join(stale, '.git'), { recursive: true });
    utimesSync(stale, weekAgo, weekAgo);
    const used = await cloneBundle(bundle);
    expect(existsSync(stale)).toBe(false);
    utimesSync(used.repoDir, weekAgo, weekAgo);
    await cloneBundle(bundle); // reused: its time is refreshed
    expect(statSync(used.repoDir).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    const other = join(root, 'c', 'repo.bundle');
    createBundle(join(root, 'repo'), other);
    await cloneBundle(other); // a new clone prunes, and the one just used stays
    expect(existsSync(used.repoDir)).toBe(true);
  });

  it('two runs cloning the same bundle at once end with one clone both can read', async () => {
    const [a, b] = await Promise.all([cloneBundle(bundle), cloneBundle(bundle)]);
    expect(a.repoDir).toBe(b.repoDir);
    expect(log(a.repoDir)).toHaveLength(4);
    expect(readdirSync((await bundleCacheDir())!)).toHaveLength(1);
  });

  it('does not trust a cache directory others can write to: the clone is private and cleanup() removes it', async () => {
    const shared = join(tmp, `incident-pilot-${process.getuid?.() ?? 'user'}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(await bundleCacheDir()).toBeNull();
    const clone = await cloneBundle(bundle);
    expect(clone.repoDir.startsWith(join(tmp, 'incident-pilot-bundle-'))).toBe(true);
    expect(log(clone.repoDir)).toHaveLength(4);
    expect(readdirSync(join(shared, 'bundles'))).toEqual([]); // nothing cloned into the untrusted directory
    await clone.cleanup!();
    expect(readdirSync(tmp).filter((d) => d.startsWith('incident-pilot-bundle-'))).toEqual([]);
  });

  it("a bundle git cannot read fails with git's reason and leaves nothing in the cache", async () => {
    const bad = join(root, 'bad.bundle');
    execFileSync('sh', ['-c', `echo 'not a bundle' > ${bad}`]);
    await expect(cloneBundle(bad)).rejects.toThrow(/bundle|git/i);
    expect(readdirSync((await bundleCacheDir())!)).toEqual([]);
  });
});
