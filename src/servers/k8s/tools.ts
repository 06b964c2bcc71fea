// The k8s server's tools, declared once: read tools always, write tools only when writes are allowed.
import type { AnyTool } from '../../mcp/tool.js';
import type { K8sDeps } from './tools/deps.js';
import { createGetPodsTool } from './tools/get-pods.js';
import { createGetEventsTool } from './tools/get-events.js';
import { createPodLogsTool } from './tools/pod-logs.js';
import { createDescribeTool } from './tools/describe.js';
import { createK8sEnvironmentTool } from './tools/check-environment.js';
import { createWriteTools } from './tools/writes.js';

export function createK8sTools(
  deps: K8sDeps,
  warnings: () => Array<{ where: string; message: string }> = () => [],
): AnyTool[] {
  const read: AnyTool[] = [
    createGetPodsTool(deps),
    createGetEventsTool(deps),
    createPodLogsTool(deps),
    createDescribeTool(deps),
    createK8sEnvironmentTool(deps, warnings),
  ];
  return deps.source.allowWrites ? [...read, ...createWriteTools(deps)] : read;
}
