// Error spans locate the failing service along a request path: the deepest error is where the fault started.
import { traceDetailsOutput } from '../core/contracts/traces.js';
import type { ToolCaller } from '../core/tool-caller.js';
import type { Evidence } from '../report/schema.js';
import { structured, type Collected } from './collect.js';
import { addEdge } from './graph.js';
import type { SymptomAnalysis } from './symptoms.js';

const MAX_TRACES = 3;

/** Reads a few failing traces and moves fault weight to the services where their errors began. */
export async function locateWithTraces(tools: ToolCaller, c: Collected, sym: SymptomAnalysis): Promise<Evidence[]> {
  const search = c.errorTraces?.value;
  if (!search?.traces?.length || !tools.has('get_trace_details')) return [];
  const failing = search.traces.filter((t) => (t.errorCount ?? 1) > 0).slice(0, MAX_TRACES);
  const results = await Promise.all(failing.map((t) => tools.call('get_trace_details', { trace_id: t.traceId })));
  const evidence: Evidence[] = [];
  const max = Math.max(1, ...sym.fault.values());
  for (const res of results) {
    const detail = structured(res, traceDetailsOutput, 'get_trace_details', c.warnings);
    if (!detail?.deepestError) continue;
    const path = detail.path?.services ?? [];
    for (let i = 0; i + 1 < path.length; i++) addEdge(sym.graph, path[i], path[i + 1]);
    const where = detail.deepestError.service;
    sym.fault.set(where, (sym.fault.get(where) ?? 0) + max / MAX_TRACES);
    evidence.push({
      source: 'traces',
      tool: 'get_trace_details',
      summary: `trace ${detail.traceId.slice(0, 16)}: the deepest error is in ${where} (${detail.deepestError.name}${detail.deepestError.errorMessage ? `: ${detail.deepestError.errorMessage.slice(0, 100)}` : ''}) along ${path.join(' -> ')}`,
      ref: detail.traceId,
      call: res.index,
    });
  }
  return evidence;
}
