// A full disk under the SQLite store: the real `serve` process runs in a user and mount namespace of its own
// (`unshare -rm`) with its store on a 4 MB tmpfs, which the test fills through /proc/<pid>/root. /ready must
// turn 503 naming the store, starting an investigation must answer a clear 503 (not a bare 500), and both
// must recover once space is freed. Skips where user namespaces are not available.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startServe, tempDir, TOKENS, TOKENS_ENV, waitFor, type Serve } from './helpers.js';

const CAN_UNSHARE =
  spawnSync(
    'unshare',
    ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k none "$d" && umount "$d" && rmdir "$d"'],
    { stdio: 'ignore' },
  ).status === 0;
if (!CAN_UNSHARE)
  console.warn('store-full.test: `unshare -rm` with a tmpfs mount is not available here; skipping the full-disk test');

/** Writes zeros until the filesystem refuses: afterwards not one more block fits. */
function fill(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) {
      written += writeSync(fd, chunk);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // The last partial chunk: byte by byte down to the final free block.
  try {
    for (;;) written += writeSync(fd, chunk, 0, 512);
  } catch {
    // full
  }
  closeSync(fd);
  return written;
}

// Caught by the free-space check, and with that check off by the write probe alone.
describe.skipIf(!CAN_UNSHARE).each([
  { minFreeMb: '1', readyDetail: /free on the filesystem of .*db\.sqlite/ },
  { minFreeMb: '0', readyDetail: /cannot write: the SQLite store at .*db\.sqlite cannot be used \(full\)/ },
])(
  'serve with its SQLite store on a full filesystem (INCIDENT_PILOT_STORE_MIN_FREE_MB=$minFreeMb)',
  ({ minFreeMb, readyDetail }) => {
    let serve: Serve;
    let dir: string;
    let root: string;

    beforeAll(async () => {
      dir = tempDir('ip-full-');
      serve = await startServe(
        ['--data', tempDir('ip-empty-'), '--db', `${dir}/db.sqlite`],
        {
          INCIDENT_PILOT_TOKENS: TOKENS_ENV,
          INCIDENT_PILOT_STORE_PROBE_MS: '200',
          INCIDENT_PILOT_STORE_MIN_FREE_MB: minFreeMb,
        },
        45_000,
        // The mount exists only in serve's namespace; "$@" is the serve command line.
        { wrapper: ['unshare', '-rm', 'sh', '-c', 'mount -t tmpfs -o size=4m none "$0" && exec "$@"', dir] },
      );
      root = `/proc/${serve.child.pid}/root${dir}`;
    }, 60_000);

    afterAll(async () => {
      await serve?.stop();
    });

    it('fails /ready and answers 503 with a message while the store cannot be written, and recovers', async () => {
      expect((await getJson(`${serve.url}/ready`)).status).toBe(200);
      expect(fill(`${root}/filler`)).toBeGreaterThan(1024 * 1024);

      const notReady = await waitFor(
        '/ready to fail',
        async () => {
          const r = await getJson(`${serve.url}/ready`);
          return r.status === 503 ? r : undefined;
        },
        10_000,
        100,
      );
      expect(notReady.body.store.ok).toBe(false);
      expect(notReady.body.store.detail).toMatch(readyDetail);
      expect((await getJson(`${serve.url}/health`)).status).toBe(200);

      const refused = await postJson(
        `${serve.url}/api/investigations`,
        { incident: 'checkout errors' },
        TOKENS.operator,
      );
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('backend_unavailable');
      expect(refused.body.error.message).toMatch(
        /the SQLite store at .*db\.sqlite cannot be used \(full\): database or disk is full/,
      );

      rmSync(`${root}/filler`);
      // The next write succeeds, and the probe then finds the store writable again.
      const accepted = await postJson(
        `${serve.url}/api/investigations`,
        { incident: 'checkout errors' },
        TOKENS.operator,
      );
      expect(accepted.status).toBe(202);
      await waitFor(
        '/ready to recover',
        async () => ((await getJson(`${serve.url}/ready`)).status === 200 ? true : undefined),
        10_000,
        100,
      );
    }, 60_000);
  },
);
