// The traces server's tools, declared once.
import type { AnyTool } from '../../mcp/tool.js';
import type { TracesDeps } from './tools/deps.js';
import { createSearchTracesTool } from './tools/search-traces.js';
import { createTraceDetailsTool } from './tools/trace-details.js';
import { createServiceMetricsTool } from './tools/service-metrics.js';
import { createCorrelateTool } from './tools/correlate.js';
import { createTracesEnvironmentTool } from './tools/check-environment.js';

export function createTracesTools(deps: TracesDeps): AnyTool[] {
  return [
    createSearchTracesTool(deps),
    createTraceDetailsTool(deps),
    createServiceMetricsTool(deps),
    createCorrelateTool(deps),
    createTracesEnvironmentTool(deps),
  ];
}
