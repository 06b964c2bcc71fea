// log_patterns' computation: mine templates over a window's entries and describe each (template, service)
// row: counts, per-minute rate, new or surging relative to a baseline period.
import { createHash } from 'node:crypto';
import type { LogTemplateOut } from '../../core/contracts/logs.js';
import { floorToMinute, toIso } from '../../core/time.js';
import { LEVELS, type LogEntry, type TimeRange } from '../../core/types.js';
import { createTemplateMiner } from '../../analysis/templates.js';
import { findBurst } from '../../analysis/bursts.js';

/** A rate series longer than this many buckets gets a wider step, so a week-long window stays small. */
const MAX_BUCKETS = 1440;
/** rateJump at or above this, with at least MIN_SURGE_COUNT recent entries, counts as a surge. */
const SURGE_JUMP = 3;
const MIN_SURGE_COUNT = 3;

interface Row {
  cluster: number;
  service: string;
  count: number;
  baselineCount: number;
  first: number;
  last: number;
  ref: string;
  sample: string;
  rank: number;
  buckets: Map<number, number>;
}

export interface PatternOptions {
  range: TimeRange;
  baselineUntil: number;
  limit: number;
  minCount: number;
}

export interface PatternResult {
  templates: LogTemplateOut[];
  totalEntries: number;
  omitted: number;
}

function stableId(service: string, template: string): string {
  return createHash('sha1').update(`${service}\n${template}`).digest('hex').slice(0, 10);
}

export async function minePatterns(batches: AsyncIterable<LogEntry[]>, opts: PatternOptions): Promise<PatternResult> {
  const { range, baselineUntil } = opts;
  const start = floorToMinute(range.from);
  const minutes = Math.max(1, Math.ceil((range.to - start) / 60_000));
  const stepMs = Math.ceil(minutes / MAX_BUCKETS) * 60_000;
  const bucketCount = Math.max(1, Math.ceil((range.to - start) / stepMs));
  const miner = createTemplateMiner(); // one miner over every service: the same event gets one template everywhere
  const rows = new Map<string, Row>();
  let totalEntries = 0;
  for await (const batch of batches)
    for (const e of batch) {
      totalEntries++;
      const cluster = miner.add(e.message);
      const key = `${cluster}\u0000${e.service}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          cluster,
          service: e.service,
          count: 0,
          baselineCount: 0,
          first: e.ts,
          last: e.ts,
          ref: e.ref,
          sample: e.message,
          rank: 0,
          buckets: new Map(),
        };
        rows.set(key, row);
      }
      row.count++;
      if (e.ts < baselineUntil) row.baselineCount++;
      if (e.ts < row.first) row.first = e.ts;
      if (e.ts > row.last) row.last = e.ts;
      const rank = LEVELS.indexOf(e.level);
      if (rank > row.rank) row.rank = rank;
      const b = Math.floor((e.ts - start) / stepMs);
      row.buckets.set(b, (row.buckets.get(b) ?? 0) + 1);
    }
  const baselineMinutes = Math.max(0, (baselineUntil - range.from) / 60_000);
  const merged = foldMergedClusters(rows.values(), (id) => miner.resolve(id));
  const recentMinutes = Math.max(1 / 60, (range.to - baselineUntil) / 60_000);
  const described = merged
    .filter((r) => r.count >= opts.minCount)
    .map((r) =>
      describeRow(r, miner.template(r.cluster), {
        start,
        stepMs,
        bucketCount,
        baselineUntil,
        baselineMinutes,
        recentMinutes,
      }),
    );
  described.sort(compareRows);
  const kept = described.slice(0, opts.limit);
  return { templates: kept.map((d) => d.out), totalEntries, omitted: described.length - kept.length };
}

/** Clusters can merge after add() returned their id: fold their rows into the surviving cluster's. */
function foldMergedClusters(rows: Iterable<Row>, resolve: (id: number) => number): Row[] {
  const folded = new Map<string, Row>();
  for (const r of rows) {
    const cluster = resolve(r.cluster);
    const key = `${cluster}\u0000${r.service}`;
    const into = folded.get(key);
    if (!into) {
      folded.set(key, { ...r, cluster });
      continue;
    }
    into.count += r.count;
    into.baselineCount += r.baselineCount;
    if (r.first < into.first) {
      into.first = r.first;
      into.ref = r.ref;
      into.sample = r.sample;
    }
    into.last = Math.max(into.last, r.last);
    into.rank = Math.max(into.rank, r.rank);
    for (const [b, n] of r.buckets) into.buckets.set(b, (into.buckets.get(b) ?? 0) + n);
  }
  return [...folded.values()];
}

interface Described {
  out: LogTemplateOut;
  group: number;
}

function describeRow(
  r: Row,
  template: string,
  ctx: {
    start: number;
    stepMs: number;
    bucketCount: number;
    baselineUntil: number;
    baselineMinutes: number;
    recentMinutes: number;
  },
): Described {
  const counts = new Array<number>(ctx.bucketCount).fill(0);
  for (const [b, n] of r.buckets) if (b >= 0 && b < counts.length) counts[b] += n;
  const baselinePerMinute = ctx.baselineMinutes > 0 ? r.baselineCount / ctx.baselineMinutes : 0;
  const recentCount = r.count - r.baselineCount;
  const recentPerMinute = recentCount / ctx.recentMinutes;
  // With no baseline period at all, compare against one entry per minute.
  const floor = ctx.baselineMinutes > 0 ? 1 / ctx.baselineMinutes : 1;
  const rateJump = recentPerMinute / Math.max(baselinePerMinute, floor);
  const isNew = r.first >= ctx.baselineUntil;
  const level = LEVELS[r.rank];
  // Judged once, here: callers (the engine, a model) read the burst rather than recomputing it.
  const burst = findBurst(counts);
  const notable =
    isNew ||
    (rateJump >= SURGE_JUMP && recentCount >= MIN_SURGE_COUNT) ||
    (burst !== null && burst.countAfter >= MIN_SURGE_COUNT);
  // Rank: new/surging errors, then new/surging warnings, then everything else; by count within each.
  const group = notable && r.rank >= 4 ? 0 : notable && r.rank === 3 ? 1 : 2;
  return {
    group,
    out: {
      id: stableId(r.service, template),
      template,
      service: r.service,
      level,
      count: r.count,
      first: toIso(r.first),
      last: toIso(r.last),
      isNew,
      baselinePerMinute: round(baselinePerMinute),
      recentPerMinute: round(recentPerMinute),
      rateJump: round(rateJump),
      sample: r.sample,
      ref: r.ref,
      rate: { start: toIso(ctx.start), stepSeconds: ctx.stepMs / 1000, counts },
      burst: burst && {
        start: toIso(ctx.start + burst.index * ctx.stepMs),
        rateBefore: round(burst.rateBefore),
        rateAfter: round(burst.rateAfter),
        countAfter: burst.countAfter,
        llr: round(burst.llr),
      },
    },
  };
}

function compareRows(a: Described, b: Described): number {
  return a.group - b.group || b.out.count - a.out.count || (a.out.id < b.out.id ? -1 : a.out.id > b.out.id ? 1 : 0);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
