// Whether the store can be written, for /ready: a periodic write probe, the free space of a SQLite file's
// filesystem, and the last real write that failed. A probe alone can pass on a full disk (SQLite reuses its
// WAL pages), so all three count.
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isPilotError } from '../../core/errors.js';
import type { Store } from './store.js';

export interface StoreWriteHealth {
  /** The store to use: the same one, with its writes watched. */
  readonly store: Store;
  /** The last verdict (from the latest probe or failed write); while it is bad, probes again at most once a second. */
  status(): Promise<{ ok: boolean; detail: string }>;
  /** Probes now; resolves with the new verdict. */
  probe(): Promise<{ ok: boolean; detail: string }>;
  stop(): void;
}

export interface StoreHealthOptions {
  /** The SQLite file whose filesystem's free space is checked; none for PostgreSQL. */
  file?: string;
  minFreeBytes: number;
  probeMs: number;
  onChange?: (ok: boolean, detail: string) => void;
}

/** A failed write keeps the store "not writable" this long unless a real write succeeds first. */
const FAILURE_HOLD_MS = 30_000;
/** While not writable, /ready probes again itself, at most this often. */
const RECHECK_MS = 1000;

const WRITES = ['create', 'update', 'appendEvent', 'failAbandoned'] as const;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function watchStoreWrites(inner: Store, opts: StoreHealthOptions): StoreWriteHealth {
  let verdict = { ok: true, detail: `${inner.kind}, writable` };
  let failure: { at: number; message: string } | undefined;
  let probedAt = 0;
  const set = (ok: boolean, detail: string) => {
    if (ok !== verdict.ok) opts.onChange?.(ok, detail);
    verdict = { ok, detail };
  };

  const store: Store = { ...inner };
  for (const name of WRITES) {
    const original = inner[name] as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        const result = await original(...args);
        failure = undefined;
        return result;
      } catch (err) {
        // Only "cannot write now" errors: a bug of ours is not the store's health.
        if (isPilotError(err) && err.code === 'backend_unavailable') {
          failure = { at: Date.now(), message: err.message };
          set(false, `a write failed: ${err.message}`);
        }
        throw err;
      }
    };
  }

  async function probe(): Promise<{ ok: boolean; detail: string }> {
    probedAt = Date.now();
    try {
      if (opts.file && opts.minFreeBytes > 0) {
        const fs = await statfs(dirname(opts.file));
        const free = Number(fs.bavail) * Number(fs.bsize);
        if (free < opts.minFreeBytes) {
          set(
            false,
            `only ${mb(free)} free on the filesystem of ${opts.file} (at least ${mb(opts.minFreeBytes)} wanted: INCIDENT_PILOT_STORE_MIN_FREE_MB)`,
          );
          return verdict;
        }
      }
      await inner.probeWrite();
      if (failure && Date.now() - failure.at < FAILURE_HOLD_MS) {
        set(false, `a write failed ${Math.round((Date.now() - failure.at) / 1000)} s ago: ${failure.message}`);
        return verdict;
      }
      failure = undefined;
      set(true, `${inner.kind}, writable`);
    } catch (err) {
      set(false, `cannot write: ${(err as Error).message}`);
    }
    return verdict;
  }

  const timer = setInterval(() => void probe(), opts.probeMs);
  timer.unref();
  // A recovered store shows at once, not a probe period later; a healthy one costs /ready no write.
  const status = async () => (!verdict.ok && Date.now() - probedAt >= RECHECK_MS ? probe() : verdict);
  return { store, status, probe, stop: () => clearInterval(timer) };
}
