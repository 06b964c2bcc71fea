// k-way merge of per-file entry streams (each in time order, in batches) into one stream in time order, in batches;
// ties keep file order.
import type { LogEntry } from '../../../core/types.js';

interface Head {
  source: number;
  batch: LogEntry[];
  pos: number;
  it: AsyncIterator<LogEntry[]>;
}

function before(a: Head, b: Head): boolean {
  const ta = a.batch[a.pos].ts;
  const tb = b.batch[b.pos].ts;
  return ta < tb || (ta === tb && a.source < b.source);
}

/** Next non-empty batch of a source, or null when it is done. */
async function nextBatch(it: AsyncIterator<LogEntry[]>): Promise<LogEntry[] | null> {
  for (;;) {
    const r = await it.next();
    if (r.done) return null;
    if (r.value.length) return r.value;
  }
}

/** Merged entries handed on per batch: about what one read of a file yields. */
const OUT_BATCH = 1024;

/** The sources' entries merged in time order, in batches; a batch is handed on before waiting for more input. */
export async function* mergeByTime(
  sources: Array<AsyncIterator<LogEntry[]>>,
  signal?: AbortSignal,
): AsyncGenerator<LogEntry[]> {
  try {
    if (sources.length === 1) {
      // Nothing to merge: the source's batches as they come.
      for (let batch = await nextBatch(sources[0]); batch && !signal?.aborted; batch = await nextBatch(sources[0]))
        yield batch;
      return;
    }
    const heap: Head[] = [];
    const firsts = await Promise.all(sources.map(nextBatch));
    firsts.forEach((batch, source) => {
      if (batch) push(heap, { source, batch, pos: 0, it: sources[source] });
    });
    let out: LogEntry[] = [];
    while (heap.length) {
      if (signal?.aborted) return;
      const top = heap[0];
      out.push(top.batch[top.pos]);
      top.pos++;
      if (top.pos >= top.batch.length) {
        yield out;
        out = [];
        const batch = await nextBatch(top.it);
        if (batch) {
          top.batch = batch;
          top.pos = 0;
        } else {
          const last = heap.pop()!;
          if (heap.length === 0) break;
          heap[0] = last;
        }
      } else if (out.length >= OUT_BATCH) {
        yield out;
        out = [];
      }
      siftDown(heap, 0);
    }
    if (out.length) yield out;
  } finally {
    // The consumer may stop early: close every file stream.
    await Promise.all(sources.map((it) => it.return?.(undefined)));
  }
}

function push(heap: Head[], h: Head): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i], heap[p])) break;
    swap(heap, i, p);
    i = p;
  }
}

function siftDown(heap: Head[], i: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && before(heap[l], heap[m])) m = l;
    if (r < n && before(heap[r], heap[m])) m = r;
    if (m === i) return;
    swap(heap, i, m);
    i = m;
  }
}

function swap(heap: Head[], i: number, j: number): void {
  const t = heap[i];
  heap[i] = heap[j];
  heap[j] = t;
}
