// Traces from OTLP/JSON files in <dataDir>/traces: one document per file or one per line.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataWarning, TimeRange } from '../../../core/types.js';
import type { Span, TracesBackend } from '../backend.js';
import { sameTraceId, normaliseId } from '../ids.js';
import { parseOtlpDocument } from '../otlp.js';
import { groupByTrace, searchSpans, describeQuery } from '../summarize.js';

const TRACE_FILE_RE = /\.(json|jsonl|ndjson)$/i;

interface Loaded {
  spans: Span[];
  byTrace: Map<string, Span[]>;
  extent: TimeRange | null;
  files: number;
}

export function createFileTracesBackend(dataDir: string): TracesBackend {
  const dir = join(dataDir, 'traces');
  const warnings: DataWarning[] = [];
  let loading: Promise<Loaded> | undefined;

  const addDoc = (doc: unknown, where: string, into: Span[]) => {
    const { spans, problems } = parseOtlpDocument(doc);
    for (const p of problems) warnings.push({ where, message: p });
    into.push(...spans);
  };

  const loadFile = async (name: string, into: Span[]) => {
    const rel = `traces/${name}`;
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (err) {
      warnings.push({ where: rel, message: `cannot read: ${(err as Error).message}` });
      return;
    }
    try {
      addDoc(JSON.parse(text), rel, into);
      return;
    } catch {
      // Not one document: read it as one document per line.
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        addDoc(JSON.parse(line), `${rel}:${i + 1}`, into);
      } catch (err) {
        warnings.push({ where: `${rel}:${i + 1}`, message: `not JSON: ${(err as Error).message}` });
      }
    });
  };

  const load = (): Promise<Loaded> =>
    (loading ??= (async () => {
      let names: string[] = [];
      try {
        names = (await readdir(dir)).filter((n) => TRACE_FILE_RE.test(n)).sort();
      } catch (err) {
        warnings.push({ where: 'traces/', message: `cannot list: ${(err as Error).message}` });
      }
      const spans: Span[] = [];
      for (const n of names) await loadFile(n, spans);
      let from = Infinity;
      let to = -Infinity;
      for (const s of spans) {
        from = Math.min(from, s.startMs);
        to = Math.max(to, s.startMs + s.durationMs);
      }
      return {
        spans,
        byTrace: groupByTrace(spans),
        extent: spans.length ? { from: Math.floor(from), to: Math.ceil(to) + 1 } : null,
        files: names.length,
      };
    })());

  return {
    name: 'file',
    async extent() {
      return (await load()).extent;
    },
    async search(query) {
      const { byTrace } = await load();
      return { query: describeQuery(query), ...searchSpans(byTrace, query) };
    },
    async getTrace(traceId) {
      const { byTrace } = await load();
      const id = normaliseId(traceId);
      const exact = byTrace.get(id);
      if (exact) return exact;
      for (const [k, v] of byTrace) if (sameTraceId(k, id)) return v;
      return [];
    },
    async spansInRange(range, service) {
      const { byTrace } = await load();
      const spans: Span[] = [];
      let traces = 0;
      for (const list of byTrace.values()) {
        const inRange = list.filter((s) => s.startMs >= range.from && s.startMs < range.to);
        if (!inRange.length) continue;
        if (service && !inRange.some((s) => s.service === service)) continue;
        traces++;
        spans.push(...inRange);
      }
      return { spans, traces, sampled: false };
    },
    async probe() {
      const l = await load();
      return {
        reachable: l.files > 0,
        authenticated: null,
        version: null,
        detail: `${l.files} file(s), ${l.spans.length} spans, ${l.byTrace.size} traces in ${dir}`,
      };
    },
    warnings: () => [...warnings],
    async health() {
      const l = await load();
      return [
        {
          name: 'traces files',
          ok: l.spans.length > 0,
          detail: `${l.files} file(s), ${l.spans.length} spans in ${dir}${warnings.length ? `, ${warnings.length} problem(s)` : ''}`,
        },
      ];
    },
    async close() {},
  };
}
