// For vi.mock('../../src/client/start.js', ...): the CLI's analysis pipeline (runAnalysis, eval's scoreScenario)
// with our servers started in this process over linked MCP pairs instead of one subprocess each. Evaluations run
// many analyses; the subprocess path keeps its own end-to-end tests (test/e2e).
import type * as Start from '../../src/client/start.js';

export async function withInProcessServers(importOriginal: () => Promise<typeof Start>): Promise<typeof Start> {
  const original = await importOriginal();
  const { startInProcess } = await import('../../src/client/in-process.js');
  return { ...original, startServers: (opts: Start.StartOptions) => startInProcess(opts.source, opts.servers) };
}
